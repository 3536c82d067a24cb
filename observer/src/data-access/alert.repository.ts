import { IsNull, LessThan, type DataSource } from 'typeorm';
import type { AlertLogInput, Incident, IncidentStore } from '../model/incident';
import { AlertLogEntity, IncidentEntity } from './entities';

/** The columns an incident write sets on an existing row: everything but the notification count, which the alert log keeps. */
const INCIDENT_UPDATE_COLUMNS = ['kind', 'cause', 'started_at', 'ended_at', 'affected', 'last_notified_at'];

/** Filters and keyset cursor of {@link AlertRepository.listIncidents}. */
export interface IncidentQuery {
  limit: number;
  before?: Date;
  beforeId?: string;
  open?: boolean;
  from?: Date;
  to?: Date;
  target?: string;
  kind?: Incident['kind'];
}

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

  /**
   * Newest first (by start, then id). `before` pages backwards by start time; with `beforeId` too it is a keyset
   * cursor (the start and id of the last incident of the previous page), so incidents that share a start are neither
   * skipped nor repeated. `from`/`to` keep incidents that overlap the range (an open one runs to now), `open` picks
   * open (true) or closed (false) ones, `target` those it caused or affected, `kind` down or degraded ones.
   */
  async listIncidents(options: IncidentQuery): Promise<Incident[]> {
    const query = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
    if (options.before && options.beforeId)
      query.andWhere('(i.started_at, i.id) < (:before, :beforeId)', { before: options.before, beforeId: options.beforeId });
    else if (options.before) query.andWhere('i.started_at < :before', { before: options.before });
    if (options.open === true) query.andWhere('i.ended_at IS NULL');
    if (options.open === false) query.andWhere('i.ended_at IS NOT NULL');
    if (options.to) query.andWhere('i.started_at < :to', { to: options.to });
    if (options.from) query.andWhere('(i.ended_at IS NULL OR i.ended_at >= :from)', { from: options.from });
    if (options.kind) query.andWhere('i.kind = :kind', { kind: options.kind });
    if (options.target)
      query.andWhere('(i.cause = :target OR i.affected @> CAST(:affected AS jsonb))', {
        target: options.target,
        affected: JSON.stringify([{ target: options.target }]),
      });
    return query.orderBy('i.started_at', 'DESC').addOrderBy('i.id', 'DESC').limit(options.limit).getMany();
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

  /** The alert log lines about one incident (every outcome), oldest first; `since` bounds the scan (none is older than the incident). */
  async alertsForIncident(incidentId: string, since: Date, limit = 2_000): Promise<AlertLogEntity[]> {
    return this.dataSource
      .getRepository(AlertLogEntity)
      .createQueryBuilder('a')
      .where('a.incident_ids @> CAST(:ids AS jsonb)', { ids: JSON.stringify([incidentId]) })
      .andWhere('a.at >= :since', { since })
      .orderBy('a.at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit)
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
