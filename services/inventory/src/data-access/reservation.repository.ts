import type { EntityManager } from 'typeorm';
import { preparedStatement, runPrepared } from '@erp/service-kit';
import type { ReservationStatus } from './reservation.entity';

/** A reservation with its allocations (sku, location, quantity). */
export interface ReservationRecord {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  allocations: Array<{ sku: string; locationCode: string; quantity: number }>;
}

interface RawReservation {
  id: string;
  order_id: string;
  status: ReservationStatus;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Which reservation: by its id or by the order it belongs to. */
export type ReservationSelector = { id: string } | { orderId: string };

const INSERT_RELEASED_RESERVATION = preparedStatement(
  'inventory.insert-released-reservation',
  `INSERT INTO reservations (order_id, status) VALUES ($1, 'released')
     ON CONFLICT (order_id) DO NOTHING RETURNING id, order_id, status, expires_at, created_at, updated_at`,
);

/**
 * Inserts a released reservation (holding nothing) for `orderId` unless one exists (then returns null). A concurrent
 * insert for the same order waits here until the other transaction ends: this row is the per-order lock.
 */
export async function insertReleasedReservation(manager: EntityManager, orderId: string): Promise<ReservationRecord | null> {
  const rows = await runPrepared<RawReservation>(manager, INSERT_RELEASED_RESERVATION, [orderId]);
  const row = rows[0];
  return row ? toRecord(row, []) : null;
}

function toRecord(row: RawReservation, allocations: ReservationRecord['allocations']): ReservationRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    allocations,
  };
}

const RESERVE_ALL_OR_NOTHING = preparedStatement(
  'inventory.reserve-all-or-nothing',
  `WITH req AS (
     SELECT * FROM unnest($2::text[], $3::int[]) AS q(sku, quantity)
   ), locked AS (
     -- every stock row of the requested skus, locked in (sku, location) order: concurrent reservations queue, never deadlock
     SELECT sku, location_code, on_hand - reserved AS available FROM stock_levels
      WHERE sku = ANY($2::text[]) ORDER BY sku, location_code FOR UPDATE
   ), short AS (
     SELECT req.sku, req.quantity AS requested, coalesce(sum(locked.available), 0)::int AS available
       FROM req LEFT JOIN locked USING (sku)
      GROUP BY req.sku, req.quantity HAVING coalesce(sum(locked.available), 0) < req.quantity
   ), r AS (
     INSERT INTO reservations (order_id, status, expires_at)
     SELECT $1, $5::text, $6::timestamptz WHERE NOT EXISTS (SELECT 1 FROM short)
     ON CONFLICT (order_id) DO NOTHING
     RETURNING id, order_id, status, expires_at, created_at, updated_at
   ), alloc AS (
     -- each line split over its sku's locations in location order
     SELECT a.sku, a.location_code, a.take FROM (
       SELECT locked.sku, locked.location_code,
              least(locked.available, greatest(0, req.quantity - coalesce(sum(locked.available) OVER (
                PARTITION BY locked.sku ORDER BY locked.location_code ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS take
         FROM locked JOIN req USING (sku)
     ) a WHERE a.take > 0 AND EXISTS (SELECT 1 FROM r)
   ), updated AS (
     UPDATE stock_levels s SET reserved = s.reserved + alloc.take, updated_at = now()
       FROM alloc WHERE s.sku = alloc.sku AND s.location_code = alloc.location_code
     RETURNING 1
   ), appended AS (
     INSERT INTO movements (sku, location_code, kind, on_hand_delta, reserved_delta, reason, reference, actor)
     SELECT sku, location_code, 'reservation', 0, take, 'reserved for order', $1, $4 FROM alloc ORDER BY sku, location_code
   ), lines AS (
     INSERT INTO reservation_lines (reservation_id, sku, location_code, quantity) SELECT r.id, alloc.sku, alloc.location_code, alloc.take FROM r, alloc
   )
   SELECT (SELECT row_to_json(r) FROM r) AS reservation,
          (SELECT json_agg(json_build_object('sku', sku, 'locationCode', location_code, 'quantity', take) ORDER BY sku, location_code) FROM alloc) AS allocations,
          (SELECT json_agg(json_build_object('sku', sku, 'requested', requested, 'available', available) ORDER BY sku) FROM short) AS short,
          (SELECT count(*) FROM updated)::int AS updated`,
);

/** Outcome of {@link reserveAllOrNothing}. */
export type ReserveAttempt =
  | { kind: 'reserved'; reservation: ReservationRecord }
  | { kind: 'short'; short: Array<{ sku: string; requested: number; available: number }> }
  /** The order already has a reservation (any status): nothing was written. */
  | { kind: 'exists'; reservation: ReservationRecord };

/**
 * Reserves every line for `orderId` in one statement, so the stock rows stay locked only while it runs: locks the
 * skus' rows in (sku, location) order, and only when every line is covered inserts the reservation (confirmed, or
 * pending until `expiresAt`), raises `reserved`, appends the ledger entries and records the allocations. Skus are
 * unique within `lines`.
 */
export async function reserveAllOrNothing(
  manager: EntityManager,
  input: { orderId: string; lines: Array<{ sku: string; quantity: number }>; actor: string; confirm: boolean; expiresAt: Date },
): Promise<ReserveAttempt> {
  const [row] = await runPrepared<{
    reservation:
      | (Omit<RawReservation, 'expires_at' | 'created_at' | 'updated_at'> & {
          expires_at: string | null;
          created_at: string;
          updated_at: string;
        })
      | null;
    allocations: ReservationRecord['allocations'] | null;
    short: Array<{ sku: string; requested: number; available: number }> | null;
    updated: number;
  }>(manager, RESERVE_ALL_OR_NOTHING, [
    input.orderId,
    input.lines.map((l) => l.sku),
    input.lines.map((l) => l.quantity),
    input.actor,
    input.confirm ? 'confirmed' : 'pending',
    input.confirm ? null : input.expiresAt,
  ]);
  if (row?.reservation) {
    const allocations = row.allocations ?? [];
    if (row.updated !== allocations.length)
      throw new Error(`reserveAllOrNothing: expected ${allocations.length} stock rows, updated ${row.updated}`);
    const r = row.reservation;
    return {
      kind: 'reserved',
      reservation: toRecord(
        {
          ...r,
          expires_at: r.expires_at === null ? null : new Date(r.expires_at),
          created_at: new Date(r.created_at),
          updated_at: new Date(r.updated_at),
        },
        allocations,
      ),
    };
  }
  // Nothing inserted: the order already has a reservation (its row made ours wait, then lose), or a line is short.
  const existing = await findReservation(manager, { orderId: input.orderId });
  if (existing) return { kind: 'exists', reservation: existing };
  if (!row?.short) throw new Error(`reservation for order ${input.orderId} vanished`);
  return { kind: 'short', short: row.short };
}

/** Reads a reservation (optionally locking its row) with its allocations; null when there is none. */
export async function findReservation(
  manager: EntityManager,
  selector: ReservationSelector,
  forUpdate = false,
): Promise<ReservationRecord | null> {
  const [column, value] = 'id' in selector ? ['id', selector.id] : ['order_id', selector.orderId];
  const rows: RawReservation[] = await manager.query(
    `SELECT id, order_id, status, expires_at, created_at, updated_at FROM reservations WHERE ${column} = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [value],
  );
  const row = rows[0];
  if (!row) return null;
  const lines: Array<{ sku: string; location_code: string; quantity: number }> = await manager.query(
    `SELECT sku, location_code, quantity FROM reservation_lines WHERE reservation_id = $1 ORDER BY sku, location_code`,
    [row.id],
  );
  return toRecord(
    row,
    lines.map((l) => ({ sku: l.sku, locationCode: l.location_code, quantity: l.quantity })),
  );
}

/** Moves a reservation to a new status; a confirmed one no longer has an expiry time. */
export async function setReservationStatus(manager: EntityManager, id: string, status: ReservationStatus): Promise<void> {
  await manager.query(
    `UPDATE reservations SET status = $2, expires_at = CASE WHEN $2 = 'confirmed' THEN NULL ELSE expires_at END, updated_at = now() WHERE id = $1`,
    [id, status],
  );
}

/** Ids of pending reservations whose time is up at `now`, oldest first. */
export async function findExpiredReservationIds(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
  const rows: Array<{ id: string }> = await manager.query(
    `SELECT id FROM reservations WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => r.id);
}
