import type { DataSource } from 'typeorm';
import { ConflictError } from '@erp/service-kit';
import { applyMovements, lockStockBySkus, type NewMovement, type StockRow } from '../data-access/stock.repository';
import { findReservation, insertReservation, type ReservationRecord } from '../data-access/reservation.repository';
import { InsufficientStockError, ReservationStateError, type ShortLine } from './inventory.errors';
import { quantitiesBySku, toReservationView, type ReservationView } from './reservation.view';

/** What to reserve: every line or none. Skus are unique within `lines`. */
export interface ReserveInput {
  orderId: string;
  lines: Array<{ sku: string; quantity: number }>;
  actor: string;
  ttlSeconds: number;
}

/**
 * Splits each requested quantity over the sku's locations (in location order). Returns the allocations,
 * or the short lines when any sku lacks stock.
 */
export function allocate(lines: ReserveInput['lines'], rows: StockRow[]): { allocations: ReservationRecord['allocations']; short: ShortLine[] } {
  const allocations: ReservationRecord['allocations'] = [];
  const short: ShortLine[] = [];
  for (const line of [...lines].sort((a, b) => (a.sku < b.sku ? -1 : 1))) {
    const skuRows = rows.filter((r) => r.sku === line.sku);
    const available = skuRows.reduce((sum, r) => sum + r.onHand - r.reserved, 0);
    if (available < line.quantity) {
      short.push({ sku: line.sku, requested: line.quantity, available });
      continue;
    }
    let remaining = line.quantity;
    for (const row of skuRows) {
      const take = Math.min(remaining, row.onHand - row.reserved);
      if (take > 0) allocations.push({ sku: row.sku, locationCode: row.locationCode, quantity: take });
      remaining -= take;
      if (remaining === 0) break;
    }
  }
  return { allocations, short };
}

/** True when an existing reservation holds exactly the requested lines. */
function sameLines(existing: ReservationRecord, lines: ReserveInput['lines']): boolean {
  const held = quantitiesBySku(existing.allocations);
  return held.size === lines.length && lines.every((l) => held.get(l.sku) === l.quantity);
}

/**
 * Reserves all lines for an order, or nothing (409 naming the short skus). Idempotent by order id:
 * a repeat with the same lines returns the existing reservation (`created: false`).
 */
export async function reserveStock(dataSource: DataSource, input: ReserveInput): Promise<{ created: boolean; reservation: ReservationView }> {
  return dataSource.transaction(async (manager) => {
    const inserted = await insertReservation(manager, input.orderId, 'active', input.ttlSeconds);
    if (inserted === null) {
      const existing = await findReservation(manager, { orderId: input.orderId });
      if (!existing) throw new Error(`reservation for order ${input.orderId} vanished`);
      if (existing.status === 'released' || existing.status === 'expired') {
        throw new ReservationStateError(`The reservation for order ${input.orderId} was already ${existing.status}`, existing.status);
      }
      if (!sameLines(existing, input.lines)) {
        throw new ConflictError(`Order ${input.orderId} already has a reservation with different lines`, { reservationId: existing.id }, { type: 'reservation-mismatch' });
      }
      return { created: false, reservation: toReservationView(existing) };
    }
    const rows = await lockStockBySkus(manager, input.lines.map((l) => l.sku));
    const { allocations, short } = allocate(input.lines, rows);
    if (short.length > 0) throw new InsufficientStockError(short);
    const movements: NewMovement[] = allocations.map((a) => ({
      sku: a.sku,
      locationCode: a.locationCode,
      kind: 'reservation',
      onHandDelta: 0,
      reservedDelta: a.quantity,
      reason: 'reserved for order',
      reference: input.orderId,
      actor: input.actor,
    }));
    await applyMovements(manager, movements, inserted.id);
    return { created: true, reservation: toReservationView({ ...inserted, allocations }) };
  });
}
