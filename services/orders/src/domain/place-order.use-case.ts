import { randomUUID } from 'node:crypto';
import { AppError, ConflictError, ServiceUnavailableError } from '@erp/errors';
import { claimKey, completeKey, readKey } from '../data-access/idempotency.repository';
import { claimKeyAndInsertOrder, findOrder, transitionOrder, type OrderRecord, type TransitionEffects } from '../data-access/order.repository';
import { reserveStock, type ReserveOutcome } from '../data-access/inventory.gateway';
import { priceLines, type PricedOrder } from './pricing';
import { replayKey } from './idempotency';
import { problemAnswer } from './order.errors';
import { toOrderView } from './order.view';
import type { OrdersDeps, StoredResponse } from './orders-deps';

/** A placement request, already validated; `scope` + `key` identify it, `hash` is its body's hash. */
export interface PlaceOrderRequest {
  scope: string;
  key: string;
  hash: string;
  customerId: string;
  /** Subject of the caller's token (recorded for object-level checks). */
  placedBy: string;
  lines: Array<{ sku: string; quantity: number }>;
  /** Set when checking out a cart: the cart is claimed with the order and reopened if placement fails. */
  cartId?: string;
  /** Request path, for problem documents. */
  instance: string;
}

/**
 * Places an order exactly once per Idempotency-Key: price from catalog, record key and pending order together, reserve all lines in
 * inventory, then confirm (201) — or fail it (409 naming the short skus; 503 when inventory does not answer, with a
 * durable release queued so nothing stays reserved). The response is stored with the key and replayed on repeats.
 */
export async function placeOrder(deps: OrdersDeps, request: PlaceOrderRequest): Promise<StoredResponse> {
  const { scope, key } = request;
  const manager = deps.dataSource.manager;
  // The key is looked at only when the placement cannot go on: claiming it below finds a repeat anyway, and the
  // common case (a new key) saves a round trip. A repeat is priced again, which changes nothing it answers.
  let priced: PricedOrder;
  try {
    priced = await priceLines(deps.catalog, request.lines);
  } catch (error) {
    // a business-rule refusal is this key's answer; a catalog outage (5xx) writes nothing, so the key stays free
    // (and a repeat of a finished request still gets its stored answer)
    if (!(error instanceof AppError) || error.kind === 'unavailable') {
      if (await readKey(manager, scope, key)) return replayKey(deps, scope, key, request.hash);
      throw error;
    }
    const answer = problemAnswer(error, request.instance);
    if (!(await claimKey(manager, { scope, key, hash: request.hash, orderId: null, response: answer }))) return replayKey(deps, scope, key, request.hash);
    return { ...answer, replayed: false };
  }

  const order: OrderRecord = {
    id: randomUUID(),
    seq: '',
    customerId: request.customerId,
    placedBy: request.placedBy,
    status: 'pending',
    totalCents: priced.totalCents,
    currency: priced.currency,
    failureReason: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    lines: priced.lines,
  };
  const claimed = await claimKeyAndInsertOrder(manager, { scope, key, hash: request.hash }, order, request.cartId ?? null);
  if (claimed.kind === 'duplicate') return replayKey(deps, scope, key, request.hash);
  if (claimed.kind === 'cart-not-open') {
    // the key is ours (claimed without an order): its answer is this 409
    const error = new ConflictError('The cart is no longer open', { cartId: request.cartId }, { type: 'cart-not-open' });
    const answer = problemAnswer(error, request.instance);
    await completeKey(manager, scope, key, answer.status, answer.body);
    return { ...answer, replayed: false };
  }
  Object.assign(order, { createdAt: claimed.createdAt, updatedAt: claimed.createdAt, seq: claimed.seq });

  let reserved: ReserveOutcome | { kind: 'unavailable'; detail: string };
  try {
    reserved = await reserveStock(deps.inventory, order.id, priced.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })));
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
    reserved = { kind: 'unavailable', detail: error.detail ?? error.message };
  }
  return finishPlacement(deps, request, order, reserved);
}

/** Confirms or fails the pending order according to inventory's answer, storing the response with the key. */
async function finishPlacement(
  deps: OrdersDeps,
  request: PlaceOrderRequest,
  order: OrderRecord,
  outcome: ReserveOutcome | { kind: 'unavailable'; detail: string },
): Promise<StoredResponse> {
  const at = new Date();
  const keyOf = (status: number, body: unknown) => ({ scope: request.scope, key: request.key, status, body });
  let status: number;
  let body: unknown;
  let effects: TransitionEffects;
  if (outcome.kind === 'reserved') {
    status = 201;
    body = toOrderView({ ...order, status: 'confirmed', updatedAt: at });
    effects = { reason: 'stock reserved', event: 'order.confirmed', completeKey: keyOf(status, body), at };
  } else {
    const error =
      outcome.kind === 'short'
        ? new ConflictError(`Not enough stock for ${outcome.short.map((s) => s.sku).join(', ')}`, { skus: outcome.short.map((s) => s.sku), short: outcome.short, orderId: order.id }, { type: 'insufficient-stock', title: 'Insufficient stock' })
        : outcome.kind === 'rejected'
          ? new ConflictError(`Inventory rejected the reservation: ${outcome.detail}`, { orderId: order.id }, { type: 'reservation-rejected' })
          : new ServiceUnavailableError(`The order failed: inventory did not answer (${outcome.detail}); nothing stays reserved`, { orderId: order.id, dependency: 'inventory' });
    ({ status, body } = problemAnswer(error, request.instance));
    effects = {
      reason: outcome.kind === 'short' ? 'insufficient stock' : outcome.kind === 'rejected' ? 'reservation rejected' : 'inventory unavailable',
      failureReason: error.detail ?? error.message,
      // all-or-nothing: a short reservation holds nothing; any other failure may have reserved, so release durably
      compensate: outcome.kind !== 'short',
      reopenCart: true,
      completeKey: keyOf(status, body),
      at,
    };
  }
  const moved = await transitionOrder(deps.dataSource.manager, order.id, ['pending'], status === 201 ? 'confirmed' : 'failed', effects);
  if (effects.compensate) deps.kickCompensations(order.id);
  if (moved) return { status, body, replayed: false };
  // Someone else moved the order first (cancelled meanwhile, or failed by the recovery job): answer with that.
  const stored = await readKey(deps.dataSource.manager, request.scope, request.key);
  if (stored?.responseStatus != null) return { status: stored.responseStatus, body: stored.responseBody, replayed: false };
  const current = await findOrder(deps.dataSource.manager, order.id);
  const currentBody = toOrderView(current!);
  await completeKey(deps.dataSource.manager, request.scope, request.key, 201, currentBody);
  return { status: 201, body: currentBody, replayed: false };
}
