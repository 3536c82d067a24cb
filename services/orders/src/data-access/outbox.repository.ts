import type { EntityManager } from 'typeorm';

/** A delivery leased for one attempt, with what to send and where. */
export interface DueDelivery {
  id: string;
  attempts: number;
  eventId: string;
  eventType: string;
  payload: unknown;
  createdAt: Date;
  url: string;
  secret: string;
}

/** SQL access to the outbox: fan-out of events to subscriptions, leased deliveries and their attempts. */
export class OutboxRepository {
  constructor(private readonly m: EntityManager) {}

  /** Creates one delivery per matching active subscription for outbox events not yet fanned out; returns how many events. */
  async fanOutEvents(limit: number): Promise<number> {
    const rows: Array<{ n: number }> = await this.m.query(
      `WITH ev AS (
         SELECT id, event_type FROM outbox WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
       ), d AS (
         INSERT INTO deliveries (event_id, subscription_id)
         SELECT ev.id, s.id FROM ev JOIN subscriptions s ON s.active AND ev.event_type = ANY (s.events)
         ON CONFLICT (event_id, subscription_id) DO NOTHING
       ), u AS (
         UPDATE outbox SET fanned_out_at = now() WHERE id IN (SELECT id FROM ev) RETURNING 1
       )
       SELECT count(*)::int AS n FROM u`,
      [limit],
    );
    return rows[0]?.n ?? 0;
  }

  /** Leases due deliveries (attempt count bumped, next attempt pushed `leaseSeconds` ahead). */
  async leaseDueDeliveries(limit: number, leaseSeconds: number): Promise<DueDelivery[]> {
    const rows: Array<{
      id: string;
      attempts: number;
      event_id: string;
      event_type: string;
      payload: unknown;
      created_at: Date;
      url: string;
      secret: string;
    }> = await this.m.query(
      `WITH due AS (
         SELECT d.id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
          WHERE d.delivered_at IS NULL AND d.next_attempt_at <= now() AND s.active
          ORDER BY d.next_attempt_at, d.id LIMIT $1 FOR UPDATE OF d SKIP LOCKED
       ), leased AS (
         UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM due) RETURNING id, attempts, event_id, subscription_id
       )
       SELECT l.id::text, l.attempts, o.id::text AS event_id, o.event_type, o.payload, o.created_at, s.url, s.secret
         FROM leased l JOIN outbox o ON o.id = l.event_id JOIN subscriptions s ON s.id = l.subscription_id
        ORDER BY o.id`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: r.id,
      attempts: r.attempts,
      eventId: r.event_id,
      eventType: r.event_type,
      payload: r.payload,
      createdAt: r.created_at,
      url: r.url,
      secret: r.secret,
    }));
  }

  /** Records the result of one delivery attempt. */
  async recordDeliveryAttempt(
    id: string,
    result: { delivered: boolean; status: number | null; error: string | null; retryInMs: number },
  ): Promise<void> {
    await this.m.query(
      `UPDATE deliveries SET delivered_at = CASE WHEN $2 THEN now() END, last_status = $3, last_error = $4,
              next_attempt_at = CASE WHEN $2 THEN next_attempt_at ELSE now() + make_interval(secs => $5) END
        WHERE id = $1`,
      [id, result.delivered, result.status, result.error?.slice(0, 500) ?? null, result.retryInMs / 1000],
    );
  }
}
