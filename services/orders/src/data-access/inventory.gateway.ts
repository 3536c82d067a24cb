import { ServiceUnavailableError } from '@erp/errors';
import { ServiceTokenError, type ServiceTokenSource } from '@erp/auth';
import { type HttpClient } from '@erp/service-kit';

/** Inventory over HTTP, called with orders' service account (inventory admits `service:orders` on reservations). */
export interface InventoryApi {
  http: HttpClient;
  tokens: ServiceTokenSource;
}

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
 * Asks inventory to reserve every line for `orderId` (all or nothing), confirmed at once: a reservation is what
 * confirms the order, so it must never expire under it (held until released or committed). A placement that ends
 * without confirming the order releases it durably (compensation). The order id makes the call idempotent, so the
 * client may retry it. Throws ServiceUnavailableError when inventory does not answer (timeout, 5xx, circuit open).
 */
export async function reserveStock(
  inventory: InventoryApi,
  orderId: string,
  lines: Array<{ sku: string; quantity: number }>,
): Promise<ReserveOutcome> {
  const response = await post(inventory, '/api/v1/reservations', { orderId, lines, confirm: true }, `reserve:${orderId}`);
  if (response.status === 200 || response.status === 201) return { kind: 'reserved' };
  if (response.status === 409 && response.data.type?.endsWith('/insufficient-stock'))
    return { kind: 'short', short: response.data.short ?? [] };
  return { kind: 'rejected', status: response.status, detail: response.data.detail ?? `inventory answered ${response.status}` };
}

/** Outcome of release/commit by order id. */
export type CloseOutcome = { ok: true } | { ok: false; status: number; detail: string };

/** Releases (or commits) the reservation of an order. Idempotent on inventory's side; throws 503 when it cannot answer. */
export async function closeReservation(inventory: InventoryApi, orderId: string, action: 'release' | 'commit'): Promise<CloseOutcome> {
  const response = await post(
    inventory,
    `/api/v1/reservations/by-order/${encodeURIComponent(orderId)}/${action}`,
    undefined,
    `${action}:${orderId}`,
  );
  if (response.status === 200) return { ok: true };
  return { ok: false, status: response.status, detail: response.data.detail ?? `inventory answered ${response.status}` };
}

/**
 * POSTs with the service token. A 401 means the token was refused (expired early, or hr rotated its keys and
 * inventory no longer knows the old one): the token is dropped and the call made once more with a fresh one.
 * No token from hr is the same as no inventory for the caller: 503.
 */
async function post(inventory: InventoryApi, path: string, body: unknown, idempotencyKey: string) {
  const send = async () => {
    const authorization = await inventory.tokens.authorization().catch((error: unknown) => {
      if (error instanceof ServiceTokenError)
        throw new ServiceUnavailableError(`No service token for inventory: ${error.message}`, { dependency: 'hr' });
      throw error;
    });
    return inventory.http.post<Problem>(path, body, { headers: { 'Idempotency-Key': idempotencyKey, Authorization: authorization } });
  };
  const first = await send();
  if (first.status !== 401) return first;
  inventory.tokens.invalidate();
  return send();
}
