import { NotFoundError } from '@erp/errors';
import type { InventoryRepositories } from '../data-access/inventory-store';
import type { NewMovement } from '../data-access/stock.repository';
import type { ReservationRecord, ReservationSelector } from '../data-access/reservation.repository';
import { HOLDING_STATUSES, type ReservationStatus } from '../data-access/reservation.entity';
import { ReservationStateError } from './inventory.errors';
import type { InventoryDeps } from './inventory-deps';
import { toReservationView, type ReservationView } from './reservation.view';

/** release: give the stock back; commit: ship it (on hand and reserved both drop); expire: release because time ran out. */
export type CloseAction = 'release' | 'commit' | 'expire';

const outcome: Record<CloseAction, { status: ReservationStatus; kind: NewMovement['kind']; reason: string }> = {
  release: { status: 'released', kind: 'release', reason: 'reservation released' },
  commit: { status: 'committed', kind: 'shipment', reason: 'reservation committed (shipped)' },
  expire: { status: 'expired', kind: 'expiry', reason: 'reservation expired' },
};

/** Applies `action` to a locked reservation that holds stock: stock rows locked in sku order, ledger entries appended. */
async function close(
  tx: InventoryRepositories,
  reservation: ReservationRecord,
  action: CloseAction,
  actor: string,
): Promise<ReservationRecord> {
  const { status, kind, reason } = outcome[action];
  await tx.stock.lockRows(reservation.allocations);
  await tx.stock.applyMovements(
    reservation.allocations.map((a) => ({
      sku: a.sku,
      locationCode: a.locationCode,
      kind,
      onHandDelta: action === 'commit' ? -a.quantity : 0,
      reservedDelta: -a.quantity,
      reason,
      reference: reservation.orderId,
      actor,
    })),
  );
  await tx.reservations.setStatus(reservation.id, status);
  return { ...reservation, status, updatedAt: new Date() };
}

/**
 * Releases or commits a reservation, pending or confirmed. Idempotent: repeating the same action returns the reservation unchanged.
 * Releasing by order id when no reservation exists records a released one, so that a reserve call that
 * arrives late (e.g. after the caller gave up on a timeout) can no longer hold stock for that order.
 */
export async function closeReservation(
  deps: InventoryDeps,
  selector: ReservationSelector,
  action: 'release' | 'commit',
  actor: string,
): Promise<ReservationView> {
  return deps.transaction(async (tx) => {
    if (action === 'release' && 'orderId' in selector) {
      const tombstone = await tx.reservations.insertReleased(selector.orderId);
      if (tombstone) return toReservationView(tombstone);
    }
    const reservation = await tx.reservations.find(selector, true);
    if (!reservation) throw new NotFoundError('Reservation', 'id' in selector ? selector.id : selector.orderId);
    const target = outcome[action].status;
    if (reservation.status === target) return toReservationView(reservation);
    if (action === 'release' && reservation.status === 'expired') return toReservationView(reservation);
    if (!HOLDING_STATUSES.includes(reservation.status)) {
      throw new ReservationStateError(`Cannot ${action} a reservation that is ${reservation.status}`, reservation.status);
    }
    return toReservationView(await close(tx, reservation, action, actor));
  });
}

/**
 * Releases every pending reservation whose time is up at `now` (one transaction each); returns how many expired.
 * Confirmed reservations never expire. Each is re-read under its row lock, so a confirmation that got the lock first wins.
 */
export async function expireReservations(deps: InventoryDeps, now: Date, batchSize = 100): Promise<number> {
  let expired = 0;
  for (;;) {
    const before = expired;
    const ids = await deps.reservations.findExpiredIds(now, batchSize);
    for (const id of ids) {
      const done = await deps.transaction(async (tx) => {
        const reservation = await tx.reservations.find({ id }, true);
        if (!reservation || reservation.status !== 'pending' || reservation.expiresAt === null || reservation.expiresAt > now) return false;
        await close(tx, reservation, 'expire', 'expiry-job');
        return true;
      });
      if (done) expired += 1;
    }
    if (ids.length < batchSize || expired === before) return expired;
  }
}
