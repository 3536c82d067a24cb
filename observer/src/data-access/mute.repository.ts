import { randomUUID } from 'node:crypto';
import { IsNull, MoreThan, Or, type DataSource } from 'typeorm';
import type { MaintenanceRule, Recurrence, SilenceRule } from '../model/mute-rules';
import { MaintenanceEntity, SilenceEntity } from './entities';

export interface NewSilence {
  target: string | null;
  labels: Record<string, string>;
  startsAt: Date;
  expiresAt: Date;
  comment: string;
  createdBy: string;
}

export interface NewMaintenance {
  target: string | null;
  labels: Record<string, string>;
  startsAt: Date;
  endsAt: Date | null;
  recurrence: Recurrence | null;
  comment: string;
}

/** Silences and maintenance windows in PostgreSQL. */
export class MuteRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createSilence(input: NewSilence): Promise<SilenceEntity> {
    return this.dataSource.getRepository(SilenceEntity).save({ id: randomUUID(), ...input, createdAt: new Date() });
  }

  /** Silences not yet expired (active or scheduled). */
  async currentSilences(now = new Date()): Promise<SilenceRule[]> {
    return this.dataSource.getRepository(SilenceEntity).find({ where: { expiresAt: MoreThan(now) }, order: { expiresAt: 'ASC' } });
  }

  async listSilences(includeExpired: boolean): Promise<SilenceEntity[]> {
    return this.dataSource
      .getRepository(SilenceEntity)
      .find({ where: includeExpired ? {} : { expiresAt: MoreThan(new Date()) }, order: { createdAt: 'DESC' }, take: 500 });
  }

  /** Ends a silence now; false when there is no such silence. */
  async expireSilence(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(SilenceEntity).update({ id }, { expiresAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async createMaintenance(input: NewMaintenance): Promise<MaintenanceEntity> {
    return this.dataSource.getRepository(MaintenanceEntity).save({ id: randomUUID(), ...input, createdAt: new Date() });
  }

  /** Windows that are not over (one-off windows not yet ended; recurring windows without an end or ending later). */
  async currentMaintenance(now = new Date()): Promise<MaintenanceRule[]> {
    return this.dataSource
      .getRepository(MaintenanceEntity)
      .find({ where: { endsAt: Or(IsNull(), MoreThan(now)) }, order: { startsAt: 'ASC' } });
  }

  async deleteMaintenance(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(MaintenanceEntity).delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
