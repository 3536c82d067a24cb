import { NotFoundError } from '@erp/errors';
import type { ReservationSelector } from '../data-access/reservation.repository';
import type { InventoryDeps } from './inventory-deps';
import { ReservationStateError } from './inventory.errors';
import { toReservationView, type ReservationView } from './reservation.view';

/**
 * Confirms a pending reservation (the order it holds stock for is confirmed): it no longer expires and holds until
 * released or committed. Confirming a confirmed one changes nothing; an expired, released or committed one → 409
 * `reservation-state`. Done under the reservation's row lock, which the expiry job takes too, so a confirmation and
 * an expiry racing for one reservation have exactly one winner.
 */
export async function confirmReservation(deps: InventoryDeps, selector: ReservationSelector): Promise<ReservationView> {
  return deps.transaction(async (tx) => {
    const reservation = await tx.reservations.find(selector, true);
    if (!reservation) throw new NotFoundError('Reservation', 'id' in selector ? selector.id : selector.orderId);
    if (reservation.status === 'confirmed') return toReservationView(reservation);
    if (reservation.status !== 'pending') {
      throw new ReservationStateError(`Cannot confirm a reservation that is ${reservation.status}`, reservation.status);
    }
    await tx.reservations.setStatus(reservation.id, 'confirmed');
    return toReservationView({ ...reservation, status: 'confirmed', expiresAt: null, updatedAt: new Date() });
  });
}
