import type { EntityManager } from 'typeorm';
import { preparedStatement, runPrepared } from '@erp/service-kit';
import type { MovementKind } from './movement.entity';

/** A stock row as read under lock. */
export interface StockRow {
  sku: string;
  locationCode: string;
  onHand: number;
  reserved: number;
}

/** One ledger entry to append, together with the stock change it records. */
export interface NewMovement {
  sku: string;
  locationCode: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  reason: string;
  reference: string | null;
  actor: string;
}

interface RawStockRow {
  sku: string;
  location_code: string;
  on_hand: number;
  reserved: number;
}

const toStockRow = (r: RawStockRow): StockRow => ({ sku: r.sku, locationCode: r.location_code, onHand: r.on_hand, reserved: r.reserved });

/** Locks the given (sku, location) rows in (sku, location) order, creating missing ones first (at zero). */
export async function lockStockRows(manager: EntityManager, keys: Array<{ sku: string; locationCode: string }>): Promise<StockRow[]> {
  const skus = keys.map((k) => k.sku);
  const locations = keys.map((k) => k.locationCode);
  await manager.query(
    `INSERT INTO stock_levels (sku, location_code)
       SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1, 2
     ON CONFLICT DO NOTHING`,
    [skus, locations],
  );
  const rows: RawStockRow[] = await manager.query(
    `SELECT s.sku, s.location_code, s.on_hand, s.reserved FROM stock_levels s
       JOIN unnest($1::text[], $2::text[]) AS k(sku, location_code) USING (sku, location_code)
      ORDER BY s.sku, s.location_code FOR UPDATE OF s`,
    [skus, locations],
  );
  return rows.map(toStockRow);
}

const APPLY_MOVEMENTS = preparedStatement(
  'inventory.apply-movements',
  `WITH m AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[])
         WITH ORDINALITY AS m(sku, location_code, kind, on_hand_delta, reserved_delta, reason, reference, actor, n)
     ), totals AS (
       SELECT sku, location_code, sum(on_hand_delta)::int AS on_hand_delta, sum(reserved_delta)::int AS reserved_delta
         FROM m GROUP BY sku, location_code
     ), updated AS (
       UPDATE stock_levels s
          SET on_hand = s.on_hand + t.on_hand_delta, reserved = s.reserved + t.reserved_delta, updated_at = now()
         FROM totals t WHERE s.sku = t.sku AND s.location_code = t.location_code
       RETURNING 1
     ), appended AS (
       INSERT INTO movements (sku, location_code, kind, on_hand_delta, reserved_delta, reason, reference, actor)
       SELECT sku, location_code, kind, on_hand_delta, reserved_delta, reason, reference, actor FROM m ORDER BY n
     ), allocated AS (
       INSERT INTO reservation_lines (reservation_id, sku, location_code, quantity)
       SELECT $9::uuid, sku, location_code, reserved_delta FROM m WHERE $9::uuid IS NOT NULL
     )
     SELECT (SELECT count(*) FROM updated) AS updated`,
);

/**
 * Applies the stock changes and appends their ledger entries in one statement, so levels and ledger
 * can never disagree. The caller must hold the row locks (see {@link lockStockRows}). With `reservationId`,
 * the same statement records each movement's reserved quantity as that reservation's allocation.
 */
export async function applyMovements(manager: EntityManager, movements: NewMovement[], reservationId: string | null = null): Promise<void> {
  if (movements.length === 0) return;
  const col = <K extends keyof NewMovement>(key: K) => movements.map((m) => m[key]);
  const result = await runPrepared<{ updated: string }>(manager, APPLY_MOVEMENTS, [
    col('sku'),
    col('locationCode'),
    col('kind'),
    col('onHandDelta'),
    col('reservedDelta'),
    col('reason'),
    col('reference'),
    col('actor'),
    reservationId,
  ]);
  const expected = new Set(movements.map((m) => `${m.sku}\u0000${m.locationCode}`)).size;
  if (Number(result[0]?.updated) !== expected)
    throw new Error(`applyMovements: expected ${expected} stock rows, updated ${result[0]?.updated}`);
}

/** Totals per sku across locations (and per location), for the given skus. */
export async function readStock(manager: EntityManager, skus: string[]): Promise<StockRow[]> {
  const rows: RawStockRow[] = await manager.query(
    `SELECT sku, location_code, on_hand, reserved FROM stock_levels WHERE sku = ANY($1::text[]) ORDER BY sku, location_code`,
    [skus],
  );
  return rows.map(toStockRow);
}

/** Skus with stock rows, in sku order after `after`, at most `limit`. */
export async function listSkus(manager: EntityManager, after: string | undefined, limit: number): Promise<string[]> {
  const rows: Array<{ sku: string }> = await manager.query(
    `SELECT DISTINCT sku FROM stock_levels WHERE ($1::text IS NULL OR sku > $1) ORDER BY sku LIMIT $2`,
    [after ?? null, limit],
  );
  return rows.map((r) => r.sku);
}
