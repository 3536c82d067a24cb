import { randomUUID } from 'node:crypto';
import { LessThan, MoreThan, type DataSource } from 'typeorm';
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
    await this.dataSource.getRepository(StateTransitionEntity).insert({ target: t.target, fromState: t.from, toState: t.to, at: t.at, rootCause: t.rootCause });
  }

  /** Transitions since `since`, plus the last one before it for each target (the state at `since`). */
  async transitionsSince(since: Date): Promise<StateTransitionEntity[]> {
    const before: StateTransitionEntity[] = await this.dataSource.query(
      `SELECT DISTINCT ON (target) id, target, from_state AS "fromState", to_state AS "toState", at, root_cause AS "rootCause"
         FROM state_transitions WHERE at < $1 ORDER BY target, at DESC`,
      [since],
    );
    const after = await this.dataSource.getRepository(StateTransitionEntity).find({ where: { at: MoreThan(since) }, order: { at: 'ASC', id: 'ASC' } });
    return [...before.map((t) => ({ ...t, at: new Date(t.at) })), ...after];
  }

  async recordEvent(input: NewEvent): Promise<EventEntity> {
    return this.dataSource.getRepository(EventEntity).save({ id: randomUUID(), receivedAt: new Date(), ...input });
  }

  async listEvents(options: { limit: number; before?: Date; target?: string }): Promise<EventEntity[]> {
    return this.dataSource.getRepository(EventEntity).find({
      where: { ...(options.before ? { at: LessThan(options.before) } : {}), ...(options.target ? { target: options.target } : {}) },
      order: { at: 'DESC' },
      take: options.limit,
    });
  }
}
