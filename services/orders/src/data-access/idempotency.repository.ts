import type { EntityManager } from 'typeorm';
import { preparedStatement, runPrepared } from '@erp/service-kit';

/** A claimed key as stored. */
export interface KeyRecord {
  requestHash: string;
  orderId: string | null;
  responseStatus: number | null;
  responseBody: unknown;
}

/**
 * Claims `key` for a request by inserting its row (the primary key makes a concurrent duplicate wait, then lose).
 * With `response`, the key is stored already finished (an answer decided before any order existed).
 * Returns true when this request owns the key.
 */
export async function claimKey(
  manager: EntityManager,
  claim: { scope: string; key: string; hash: string; orderId: string | null; response: { status: number; body: unknown } | null },
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, order_id, response_status, response_body, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, CASE WHEN $5::int IS NULL THEN NULL ELSE now() END)
     ON CONFLICT (scope, key) DO NOTHING RETURNING 1`,
    [claim.scope, claim.key, claim.hash, claim.orderId, claim.response?.status ?? null, claim.response ? JSON.stringify(claim.response.body) : null],
  );
  return rows.length === 1;
}

const READ_KEY = preparedStatement(
  'orders.read-key',
  `SELECT request_hash, order_id, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
);

/** Reads a key; null when it does not exist (any more). */
export async function readKey(manager: EntityManager, scope: string, key: string): Promise<KeyRecord | null> {
  const rows = await runPrepared<{ request_hash: string; order_id: string | null; response_status: number | null; response_body: unknown }>(manager, READ_KEY, [scope, key]);
  const row = rows[0];
  return row ? { requestHash: row.request_hash, orderId: row.order_id, responseStatus: row.response_status, responseBody: row.response_body } : null;
}

/** Stores the final response of a key's request. */
export async function completeKey(manager: EntityManager, scope: string, key: string, status: number, body: unknown): Promise<void> {
  await manager.query(
    `UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb, completed_at = now() WHERE scope = $1 AND key = $2`,
    [scope, key, status, JSON.stringify(body)],
  );
}

/** Completes whichever unfinished key belongs to an order (used when a stuck placement is failed by the recovery job). */
export async function completeKeyOfOrder(manager: EntityManager, orderId: string, status: number, body: unknown): Promise<void> {
  await manager.query(
    `UPDATE idempotency_keys SET response_status = $2, response_body = $3::jsonb, completed_at = now() WHERE order_id = $1 AND completed_at IS NULL`,
    [orderId, status, JSON.stringify(body)],
  );
}

/** Deletes finished keys older than `retentionHours`. Returns the count. */
export async function deleteOldKeys(manager: EntityManager, retentionHours: number): Promise<number> {
  const rows: unknown[] = await manager.query(
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
