import type { EntityManager } from 'typeorm';
import { preparedStatement, runPrepared } from '@erp/service-kit';

/**
 * The answer stored with a finished key and replayed, unchanged, on every repeat of its request. The edge builds it
 * (status and body as it sends them); here it is only written and read back.
 */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** A claimed key as stored. */
export interface KeyRecord {
  requestHash: string;
  orderId: string | null;
  /** Null while the key's request is still running. */
  answer: StoredAnswer | null;
}

const READ_KEY = preparedStatement(
  'orders.read-key',
  `SELECT request_hash, order_id, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
);

/** SQL access to Idempotency-Keys: claimed, read, completed with their answer, deleted when old. */
export class IdempotencyRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Claims `key` for a request by inserting its row (the primary key makes a concurrent duplicate wait, then lose).
   * With `answer`, the key is stored already finished (an answer decided before any order existed).
   * Returns true when this request owns the key.
   */
  async claim(claim: { scope: string; key: string; hash: string; orderId: string | null; answer: StoredAnswer | null }): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, order_id, response_status, response_body, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, CASE WHEN $5::int IS NULL THEN NULL ELSE now() END)
       ON CONFLICT (scope, key) DO NOTHING RETURNING 1`,
      [
        claim.scope,
        claim.key,
        claim.hash,
        claim.orderId,
        claim.answer?.status ?? null,
        claim.answer ? JSON.stringify(claim.answer.body) : null,
      ],
    );
    return rows.length === 1;
  }

  /** Reads a key; null when it does not exist (any more). */
  async read(scope: string, key: string): Promise<KeyRecord | null> {
    const rows = await runPrepared<{
      request_hash: string;
      order_id: string | null;
      response_status: number | null;
      response_body: unknown;
    }>(this.m, READ_KEY, [scope, key]);
    const row = rows[0];
    if (!row) return null;
    return {
      requestHash: row.request_hash,
      orderId: row.order_id,
      answer: row.response_status === null ? null : { status: row.response_status, body: row.response_body },
    };
  }

  /** Stores the final answer of a key's request. */
  async complete(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.m.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb, completed_at = now() WHERE scope = $1 AND key = $2`,
      [scope, key, answer.status, JSON.stringify(answer.body)],
    );
  }

  /** Completes whichever unfinished key belongs to an order (used when a stuck placement is failed by the recovery job). */
  async completeOfOrder(orderId: string, answer: StoredAnswer): Promise<void> {
    await this.m.query(
      `UPDATE idempotency_keys SET response_status = $2, response_body = $3::jsonb, completed_at = now() WHERE order_id = $1 AND completed_at IS NULL`,
      [orderId, answer.status, JSON.stringify(answer.body)],
    );
  }

  /** Deletes finished keys older than `retentionHours`. Returns the count. */
  async deleteOld(retentionHours: number): Promise<number> {
    const rows: unknown[] = await this.m.query(
      `WITH d AS (
         DELETE FROM idempotency_keys
          WHERE completed_at IS NOT NULL AND created_at < now() - make_interval(hours => $1)
         RETURNING 1
       )
       SELECT * FROM d`,
      [retentionHours],
    );
    return rows.length;
  }
}
