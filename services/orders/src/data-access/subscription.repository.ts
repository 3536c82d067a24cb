import type { EntityManager } from 'typeorm';

/** A subscription as the API shows it (the secret only at creation). */
export interface SubscriptionRecord {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: Date;
  pendingDeliveries: number;
}

/** SQL access to webhook subscriptions. */
export class SubscriptionRepository {
  constructor(private readonly m: EntityManager) {}

  /** Stores a new subscription. */
  async insert(input: { url: string; events: string[]; secret: string }): Promise<SubscriptionRecord> {
    const rows: Array<{ id: string; created_at: Date }> = await this.m.query(
      `INSERT INTO subscriptions (url, events, secret) VALUES ($1, $2::text[], $3) RETURNING id, created_at`,
      [input.url, input.events, input.secret],
    );
    return { id: rows[0]!.id, url: input.url, events: input.events, active: true, createdAt: rows[0]!.created_at, pendingDeliveries: 0 };
  }

  /** Every subscription, with how many deliveries are still owed to it. */
  async list(id?: string): Promise<SubscriptionRecord[]> {
    const rows: Array<{ id: string; url: string; events: string[]; active: boolean; created_at: Date; pending: number }> =
      await this.m.query(
        `SELECT s.id, s.url, s.events, s.active, s.created_at,
              (SELECT count(*)::int FROM deliveries d WHERE d.subscription_id = s.id AND d.delivered_at IS NULL) AS pending
         FROM subscriptions s WHERE ($1::uuid IS NULL OR s.id = $1) ORDER BY s.created_at`,
        [id ?? null],
      );
    return rows.map((r) => ({
      id: r.id,
      url: r.url,
      events: r.events,
      active: r.active,
      createdAt: r.created_at,
      pendingDeliveries: r.pending,
    }));
  }

  /** Deactivates a subscription (its pending deliveries stop); false when unknown. */
  async deactivate(id: string): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `WITH u AS (UPDATE subscriptions SET active = false WHERE id = $1 AND active RETURNING 1) SELECT * FROM u`,
      [id],
    );
    return rows.length === 1;
  }
}
