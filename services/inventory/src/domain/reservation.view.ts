import type { ReservationRecord } from '../data-access/reservation.repository';

/** The public shape of a reservation. */
export interface ReservationView {
  id: string;
  orderId: string;
  status: string;
  /** When a pending reservation expires; null once confirmed (it then holds until released or committed). */
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  lines: Array<{ sku: string; quantity: number }>;
  allocations: Array<{ sku: string; location: string; quantity: number }>;
}

/** Quantity per sku, summed over locations. */
export function quantitiesBySku(allocations: ReservationRecord['allocations']): Map<string, number> {
  const totals = new Map<string, number>();
  for (const a of allocations) totals.set(a.sku, (totals.get(a.sku) ?? 0) + a.quantity);
  return totals;
}

/** Turns a stored reservation into its API view. */
export function toReservationView(r: ReservationRecord): ReservationView {
  return {
    id: r.id,
    orderId: r.orderId,
    status: r.status,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    lines: [...quantitiesBySku(r.allocations)].map(([sku, quantity]) => ({ sku, quantity })),
    allocations: r.allocations.map((a) => ({ sku: a.sku, location: a.locationCode, quantity: a.quantity })),
  };
}
