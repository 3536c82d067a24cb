import { ConflictError } from '@erp/errors';
import type { ReservationRecord } from '../data-access/reservation.repository';
import type { InventoryDeps } from './inventory-deps';
import { InsufficientStockError, ReservationStateError } from './inventory.errors';
import { quantitiesBySku, toReservationView, type ReservationView } from './reservation.view';
import { confirmReservation } from './confirm-reservation.use-case';

/** What to reserve: every line or none. Skus are unique within `lines`. */
export interface ReserveInput {
  orderId: string;
  lines: Array<{ sku: string; quantity: number }>;
  actor: string;
  /** True when the caller's order is confirmed by this reservation: it never expires. */
  confirm: boolean;
  /** When a pending (unconfirmed) reservation expires. */
  expiresAt: Date;
}

/** True when an existing reservation holds exactly the requested lines. */
function sameLines(existing: ReservationRecord, lines: ReserveInput['lines']): boolean {
  const held = quantitiesBySku(existing.allocations);
  return held.size === lines.length && lines.every((l) => held.get(l.sku) === l.quantity);
}

/**
 * Reserves all lines for an order, or nothing (409 naming the short skus): confirmed at once when asked, else pending
 * until `expiresAt`. Idempotent by order id: a repeat with the same lines returns the existing reservation
 * (`created: false`), confirming it when the repeat asks to and it is still pending.
 */
export async function reserveStock(deps: InventoryDeps, input: ReserveInput): Promise<{ created: boolean; reservation: ReservationView }> {
  const attempt = await deps.reservations.reserveAllOrNothing(input);
  if (attempt.kind === 'reserved') return { created: true, reservation: toReservationView(attempt.reservation) };
  if (attempt.kind === 'short') throw new InsufficientStockError(attempt.short);
  const existing = attempt.reservation;
  if (existing.status === 'released' || existing.status === 'expired') {
    throw new ReservationStateError(`The reservation for order ${input.orderId} was already ${existing.status}`, existing.status);
  }
  if (!sameLines(existing, input.lines)) {
    throw new ConflictError(
      `Order ${input.orderId} already has a reservation with different lines`,
      { reservationId: existing.id },
      { type: 'reservation-mismatch' },
    );
  }
  if (input.confirm && existing.status === 'pending')
    return { created: false, reservation: await confirmReservation(deps, { id: existing.id }) };
  return { created: false, reservation: toReservationView(existing) };
}
