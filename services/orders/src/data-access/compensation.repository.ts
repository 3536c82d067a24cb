import type { EntityManager } from 'typeorm';

/** A compensation leased for one attempt. */
export interface DueCompensation {
  id: string;
  orderId: string;
  attempts: number;
}

/** SQL access to compensations (durable releases of reservations), leased one attempt at a time. */
export class CompensationRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Leases up to `limit` due compensations: bumps their attempt count and pushes their next attempt `leaseSeconds`
   * ahead, so that another worker does not run them at the same time. A crashed worker's lease simply runs out.
   */
  async leaseDue(limit: number, leaseSeconds: number, orderId?: string): Promise<DueCompensation[]> {
    const rows: Array<{ id: string; order_id: string; attempts: number }> = await this.m.query(
      `WITH leased AS (
         UPDATE compensations SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM compensations
                        WHERE done_at IS NULL AND next_attempt_at <= now() AND ($3::uuid IS NULL OR order_id = $3)
                        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id::text AS id, order_id, attempts
       )
       SELECT * FROM leased`,
      [limit, leaseSeconds, orderId ?? null],
    );
    return rows.map((r) => ({ id: r.id, orderId: r.order_id, attempts: r.attempts }));
  }

  /** Marks a compensation done. */
  async markDone(id: string, note: string | null): Promise<void> {
    await this.m.query(`UPDATE compensations SET done_at = now(), last_error = $2 WHERE id = $1`, [id, note]);
  }

  /** Schedules the next attempt after a failure. */
  async retryLater(id: string, delayMs: number, error: string): Promise<void> {
    await this.m.query(`UPDATE compensations SET next_attempt_at = now() + make_interval(secs => $2), last_error = $3 WHERE id = $1`, [
      id,
      delayMs / 1000,
      error.slice(0, 500),
    ]);
  }

  /** How many compensations are still to do (for tests and metrics). */
  async countOpen(): Promise<number> {
    const rows: Array<{ n: number }> = await this.m.query(`SELECT count(*)::int AS n FROM compensations WHERE done_at IS NULL`);
    return rows[0]?.n ?? 0;
  }
}
