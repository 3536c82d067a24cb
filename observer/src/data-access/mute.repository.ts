import { randomUUID } from 'node:crypto';
import { In, IsNull, LessThan, LessThanOrEqual, MoreThan, Or, type DataSource } from 'typeorm';
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

  /** Silences in force at some time within [from, to), or named by id (e.g. in the alert log), at most 500. */
  async silencesDuring(from: Date, to: Date, ids: string[] = []): Promise<SilenceEntity[]> {
    return this.dataSource.getRepository(SilenceEntity).find({
      where: [{ startsAt: LessThan(to), expiresAt: MoreThan(from) }, ...(ids.length ? [{ id: In(ids) }] : [])],
      order: { startsAt: 'ASC' },
      take: 500,
    });
  }

  /** Maintenance windows whose bounds overlap [from, to) (a recurring one may still have no occurrence in it), or named by id, at most 500. */
  async maintenanceDuring(from: Date, to: Date, ids: string[] = []): Promise<MaintenanceEntity[]> {
    return this.dataSource.getRepository(MaintenanceEntity).find({
      where: [{ startsAt: LessThan(to), endsAt: Or(IsNull(), MoreThan(from)) }, ...(ids.length ? [{ id: In(ids) }] : [])],
      order: { startsAt: 'ASC' },
      take: 500,
    });
  }

  async findMaintenance(id: string): Promise<MaintenanceEntity | null> {
    return this.dataSource.getRepository(MaintenanceEntity).findOneBy({ id });
  }

  /** Ends a window at `at` (ending early); false when there is no such window. */
  async endMaintenance(id: string, at: Date): Promise<boolean> {
    const result = await this.dataSource.getRepository(MaintenanceEntity).update({ id }, { endsAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Windows that are over, the latest ended first (the dashboard's "recently ended"). */
  async endedMaintenance(limit: number, now = new Date()): Promise<MaintenanceEntity[]> {
    return this.dataSource
      .getRepository(MaintenanceEntity)
      .find({ where: { endsAt: LessThanOrEqual(now) }, order: { endsAt: 'DESC' }, take: limit });
  }

  async deleteMaintenance(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(MaintenanceEntity).delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
