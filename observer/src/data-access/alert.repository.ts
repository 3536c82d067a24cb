import { IsNull, LessThan, type DataSource } from 'typeorm';
import type { AlertLogInput, Incident, IncidentStore } from '../model/incident';
import { AlertLogEntity, IncidentEntity } from './entities';

/** The columns an incident write sets on an existing row: everything but the notification count, which the alert log keeps. */
const INCIDENT_UPDATE_COLUMNS = ['kind', 'cause', 'started_at', 'ended_at', 'affected', 'last_notified_at'];

/** Incidents and the alert log in PostgreSQL. */
export class AlertRepository implements IncidentStore {
  /** Writes of one incident are applied in the order they were asked for. */
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(private readonly dataSource: DataSource) {}

  saveIncident(incident: Incident): Promise<void> {
    return this.inOrder(incident.id, async () => {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(IncidentEntity)
        .values({ ...incident })
        .orUpdate(INCIDENT_UPDATE_COLUMNS, ['id'])
        .execute();
    });
  }

  /** Counts one notification sent about the incident (after its earlier writes); the incident as stored, or null when there is none. */
  countNotification(incidentId: string): Promise<Pick<Incident, 'id' | 'kind' | 'cause' | 'startedAt' | 'endedAt'> | null> {
    return this.inOrder(incidentId, async () => {
      const result: unknown = await this.dataSource.query(
        'UPDATE incidents SET notifications_sent = notifications_sent + 1 WHERE id = $1 RETURNING id, kind, cause, started_at AS "startedAt", ended_at AS "endedAt"',
        [incidentId],
      );
      const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as Array<
        Pick<Incident, 'id' | 'kind' | 'cause' | 'startedAt' | 'endedAt'>
      >;
      const row = rows[0];
      return row ? { ...row, startedAt: new Date(row.startedAt), endedAt: row.endedAt ? new Date(row.endedAt) : null } : null;
    });
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

  /** Runs `write` after the writes already asked for on the same incident (whether they failed or not). */
  private inOrder<T>(incidentId: string, write: () => Promise<T>): Promise<T> {
    const previous = this.writes.get(incidentId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.writes.set(incidentId, next);
    void next
      .finally(() => {
        if (this.writes.get(incidentId) === next) this.writes.delete(incidentId);
      })
      .catch(() => undefined);
    return next;
  }
}
