import { randomUUID } from 'node:crypto';
import { Between, In, LessThan, MoreThan, type DataSource } from 'typeorm';
import { EventEntity, StateTransitionEntity } from './entities';

export interface NewEvent {
  at: Date;
  source: string;
  kind: string;
  target: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  data: Record<string, unknown> | null;
}

/** State transitions (for uptime) and external events, in PostgreSQL. */
export class ActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordTransition(t: { target: string; from: string; to: string; at: Date; rootCause: string | null }): Promise<void> {
    await this.dataSource
      .getRepository(StateTransitionEntity)
      .insert({ target: t.target, fromState: t.from, toState: t.to, at: t.at, rootCause: t.rootCause });
  }

  /** Transitions since `since`, plus the last one before it for each target (the state at `since`). */
  async transitionsSince(since: Date): Promise<StateTransitionEntity[]> {
    const before: StateTransitionEntity[] = await this.dataSource.query(
      `SELECT DISTINCT ON (target) id, target, from_state AS "fromState", to_state AS "toState", at, root_cause AS "rootCause"
         FROM state_transitions WHERE at < $1 ORDER BY target, at DESC`,
      [since],
    );
    const after = await this.dataSource
      .getRepository(StateTransitionEntity)
      .find({ where: { at: MoreThan(since) }, order: { at: 'ASC', id: 'ASC' } });
    return [...before.map((t) => ({ ...t, at: new Date(t.at) })), ...after];
  }

  /** The state changes of these targets within [from, to], oldest first (at most `limit`). */
  async transitionsBetween(targets: string[], from: Date, to: Date, limit = 2_000): Promise<StateTransitionEntity[]> {
    if (targets.length === 0) return [];
    return this.dataSource
      .getRepository(StateTransitionEntity)
      .find({ where: { target: In(targets), at: Between(from, to) }, order: { at: 'ASC', id: 'ASC' }, take: limit });
  }

  /** The events one source reported on these targets within [from, to], oldest first (at most `limit`). */
  async eventsBetween(options: { source: string; targets: string[]; from: Date; to: Date; limit?: number }): Promise<EventEntity[]> {
    if (options.targets.length === 0) return [];
    return this.dataSource.getRepository(EventEntity).find({
      where: { source: options.source, target: In(options.targets), at: Between(options.from, options.to) },
      order: { at: 'ASC', receivedAt: 'ASC' },
      take: options.limit ?? 1_000,
    });
  }

  /** One target's transitions in [from, to], oldest first, after the last one before `from` (its state at `from`), if any. */
  async transitionsOf(target: string, from: Date, to: Date, limit = 10_000): Promise<StateTransitionEntity[]> {
    const repository = this.dataSource.getRepository(StateTransitionEntity);
    const before = await repository.findOne({ where: { target, at: LessThan(from) }, order: { at: 'DESC', id: 'DESC' } });
    const within = await repository.find({ where: { target, at: Between(from, to) }, order: { at: 'ASC', id: 'ASC' }, take: limit });
    return before ? [before, ...within] : within;
  }

  async recordEvent(input: NewEvent): Promise<EventEntity> {
    return this.dataSource.getRepository(EventEntity).save({ id: randomUUID(), receivedAt: new Date(), ...input });
  }

  async listEvents(options: { limit: number; before?: Date; target?: string; source?: string }): Promise<EventEntity[]> {
    return this.dataSource.getRepository(EventEntity).find({
      where: {
        ...(options.before ? { at: LessThan(options.before) } : {}),
        ...(options.target ? { target: options.target } : {}),
        ...(options.source ? { source: options.source } : {}),
      },
      order: { at: 'DESC', receivedAt: 'DESC' },
      take: options.limit,
    });
  }
}

/** Days each table keeps its rows (the daily prune job deletes older ones). */
export const RETENTION_DAYS = { alertLog: 90, events: 90, stateTransitions: 90, incidents: 400, silences: 90, maintenance: 90 } as const;

/** Deletes rows past their retention; returns how many went per table. */
export async function pruneOldRows(dataSource: DataSource, now = new Date()): Promise<Record<string, number>> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const statements: [string, string, Date][] = [
    ['alert_log', 'DELETE FROM alert_log WHERE at < $1', before(RETENTION_DAYS.alertLog)],
    ['events', 'DELETE FROM events WHERE at < $1', before(RETENTION_DAYS.events)],
    // Keep the last transition of each target, however old: it is the state uptime starts from.
    [
      'state_transitions',
      'DELETE FROM state_transitions s WHERE s.at < $1 AND EXISTS (SELECT 1 FROM state_transitions n WHERE n.target = s.target AND n.at > s.at)',
      before(RETENTION_DAYS.stateTransitions),
    ],
    ['incidents', 'DELETE FROM incidents WHERE ended_at IS NOT NULL AND ended_at < $1', before(RETENTION_DAYS.incidents)],
    ['silences', 'DELETE FROM silences WHERE expires_at < $1', before(RETENTION_DAYS.silences)],
    [
      'maintenance_windows',
      'DELETE FROM maintenance_windows WHERE ends_at IS NOT NULL AND ends_at < $1',
      before(RETENTION_DAYS.maintenance),
    ],
  ];
  const deleted: Record<string, number> = {};
  for (const [table, sql, cutoff] of statements) {
    const result: unknown = await dataSource.query(sql, [cutoff]);
    deleted[table] = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
  return deleted;
}
