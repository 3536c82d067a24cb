import type { HttpClient } from '@erp/service-kit';

/** Outcome of a reservation request that inventory answered. */
export type ReserveOutcome =
  | { kind: 'reserved' }
  | { kind: 'short'; short: Array<{ sku: string; requested: number; available: number }> }
  | { kind: 'rejected'; status: number; detail: string };

interface Problem {
  type?: string;
  detail?: string;
  short?: Array<{ sku: string; requested: number; available: number }>;
}

/**
 * Asks inventory to reserve every line for `orderId` (all or nothing). The order id makes it idempotent, so the
 * client may retry it. Throws ServiceUnavailableError when inventory does not answer (timeout, 5xx, circuit open).
 */
export async function reserveStock(inventory: HttpClient, orderId: string, lines: Array<{ sku: string; quantity: number }>): Promise<ReserveOutcome> {
  const response = await inventory.post<Problem>('/api/v1/reservations', { orderId, lines }, { headers: { 'Idempotency-Key': `reserve:${orderId}`, 'X-Actor': 'orders' } });
  if (response.status === 200 || response.status === 201) return { kind: 'reserved' };
  if (response.status === 409 && response.data.type?.endsWith('/insufficient-stock')) return { kind: 'short', short: response.data.short ?? [] };
  return { kind: 'rejected', status: response.status, detail: response.data.detail ?? `inventory answered ${response.status}` };
}

/** Outcome of release/commit by order id. */
export type CloseOutcome = { ok: true } | { ok: false; status: number; detail: string };

/** Releases (or commits) the reservation of an order. Idempotent on inventory's side; throws 503 when it cannot answer. */
export async function closeReservation(inventory: HttpClient, orderId: string, action: 'release' | 'commit'): Promise<CloseOutcome> {
  const response = await inventory.post<Problem>(`/api/v1/reservations/by-order/${encodeURIComponent(orderId)}/${action}`, undefined, {
    headers: { 'Idempotency-Key': `${action}:${orderId}`, 'X-Actor': 'orders' },
  });
  if (response.status === 200) return { ok: true };
  return { ok: false, status: response.status, detail: response.data.detail ?? `inventory answered ${response.status}` };
}
