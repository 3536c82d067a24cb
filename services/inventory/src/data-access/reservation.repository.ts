import type { EntityManager } from 'typeorm';
import { preparedStatement, runPrepared } from '@erp/service-kit';
import type { ReservationStatus } from './reservation.entity';

/** A reservation with its allocations (sku, location, quantity). */
export interface ReservationRecord {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  allocations: Array<{ sku: string; locationCode: string; quantity: number }>;
}

interface RawReservation {
  id: string;
  order_id: string;
  status: ReservationStatus;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** Which reservation: by its id or by the order it belongs to. */
export type ReservationSelector = { id: string } | { orderId: string };

const INSERT_RESERVATION = preparedStatement(
  'inventory.insert-reservation',
  `INSERT INTO reservations (order_id, status, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (order_id) DO NOTHING RETURNING id, order_id, status, expires_at, created_at, updated_at`,
);

/**
 * Inserts the reservation row for `orderId` unless one exists (then returns null). A concurrent insert for
 * the same order waits here until the other transaction ends: this row is the per-order lock.
 */
export async function insertReservation(
  manager: EntityManager,
  orderId: string,
  status: ReservationStatus,
  ttlSeconds: number,
): Promise<ReservationRecord | null> {
  const rows = await runPrepared<RawReservation>(manager, INSERT_RESERVATION, [orderId, status, ttlSeconds]);
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

/** Reads a reservation (optionally locking its row) with its allocations; null when there is none. */
export async function findReservation(manager: EntityManager, selector: ReservationSelector, forUpdate = false): Promise<ReservationRecord | null> {
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

/** Moves a reservation to a new status. */
export async function setReservationStatus(manager: EntityManager, id: string, status: ReservationStatus): Promise<void> {
  await manager.query(`UPDATE reservations SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
}

/** Ids of active reservations whose time is up, oldest first. */
export async function findExpiredReservationIds(manager: EntityManager, limit: number): Promise<string[]> {
  const rows: Array<{ id: string }> = await manager.query(
    `SELECT id FROM reservations WHERE status = 'active' AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}
