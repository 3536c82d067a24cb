import { IsNull, LessThan, type DataSource } from 'typeorm';
import type { AlertLogInput, AlertStore, Incident } from '../model/incident';
import { AlertLogEntity, IncidentEntity } from './entities';

/** Incidents and the alert log in PostgreSQL. */
export class AlertRepository implements AlertStore {
  /** Writes of one incident are applied in the order they were asked for. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly dataSource: DataSource) {}

  saveIncident(incident: Incident): Promise<void> {
    const previous = this.writes.get(incident.id) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(async () => {
        await this.dataSource.getRepository(IncidentEntity).upsert({ ...incident }, ['id']);
      });
    this.writes.set(incident.id, write);
    void write.finally(() => {
      if (this.writes.get(incident.id) === write) this.writes.delete(incident.id);
    }).catch(() => undefined);
    return write;
  }

  async openIncidents(): Promise<Incident[]> {
    return this.dataSource.getRepository(IncidentEntity).find({ where: { endedAt: IsNull() }, order: { startedAt: 'ASC' } });
  }

  async logAlert(entry: AlertLogInput): Promise<void> {
    await this.dataSource.getRepository(AlertLogEntity).insert({ ...entry });
  }

  /** Newest first; `before` pages backwards by start time. */
  async listIncidents(options: { limit: number; before?: Date; open?: boolean }): Promise<Incident[]> {
    return this.dataSource.getRepository(IncidentEntity).find({
      where: { ...(options.before ? { startedAt: LessThan(options.before) } : {}), ...(options.open ? { endedAt: IsNull() } : {}) },
      order: { startedAt: 'DESC' },
      take: options.limit,
    });
  }

  async getIncident(id: string): Promise<Incident | null> {
    return this.dataSource.getRepository(IncidentEntity).findOneBy({ id });
  }

  async incidentsBetween(from: Date, to: Date): Promise<Incident[]> {
    return this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where('i.started_at < :to AND (i.ended_at IS NULL OR i.ended_at > :from)', { from, to })
      .orderBy('i.started_at', 'ASC')
      .getMany();
  }

  async listAlerts(options: { limit: number; beforeId?: string }): Promise<AlertLogEntity[]> {
    return this.dataSource.getRepository(AlertLogEntity).find({
      where: options.beforeId ? { id: LessThan(options.beforeId) } : {},
      order: { id: 'DESC' },
      take: options.limit,
    });
  }
}
