import { randomUUID } from 'node:crypto';
import { AppError, ConflictError, ServiceUnavailableError } from '@erp/errors';
import type { OrderRecord, TransitionEffects } from '../data-access/order.repository';
import { reserveStock, type ReserveOutcome } from '../data-access/inventory.gateway';
import { priceLines, type PricedOrder } from './pricing';
import { replayKey } from './idempotency';
import { toOrderView } from './order.view';
import type { OrdersDeps } from './orders-deps';
import type { AnswerOf, PlacementResult, StoredAnswer } from './placement-answer';

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
  /** The answer stored with the key for each outcome (given by the edge). */
  answerOf: AnswerOf;
}

/**
 * Places an order exactly once per Idempotency-Key: price from catalog, record key and pending order together, reserve all lines in
 * inventory, then confirm it — or fail it (a conflict naming the short skus; unavailable when inventory does not
 * answer, with a durable release queued so nothing stays reserved). The outcome's answer (`request.answerOf`) is stored
 * with the key and replayed on repeats.
 */
export async function placeOrder(deps: OrdersDeps, request: PlaceOrderRequest): Promise<PlacementResult> {
  const { scope, key } = request;
  // The key is looked at only when the placement cannot go on: claiming it below finds a repeat anyway, and the
  // common case (a new key) saves a round trip. A repeat is priced again, which changes nothing it answers.
  let priced: PricedOrder;
  try {
    priced = await priceLines(deps.catalog, request.lines);
  } catch (error) {
    // a business-rule refusal is this key's answer; a catalog outage (5xx) writes nothing, so the key stays free
    // (and a repeat of a finished request still gets its stored answer)
    if (!(error instanceof AppError) || error.kind === 'unavailable') {
      if (await deps.idempotencyKeys.read(scope, key)) return replayKey(deps, scope, key, request.hash);
      throw error;
    }
    const answer = request.answerOf({ kind: 'refused', error });
    if (!(await deps.idempotencyKeys.claim({ scope, key, hash: request.hash, orderId: null, answer })))
      return replayKey(deps, scope, key, request.hash);
    return { answer, replayed: false };
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
    createdAt: deps.now(),
    updatedAt: deps.now(),
    lines: priced.lines,
  };
  const claimed = await deps.orders.claimKeyAndInsert({ scope, key, hash: request.hash }, order, request.cartId ?? null);
  if (claimed.kind === 'duplicate') return replayKey(deps, scope, key, request.hash);
  if (claimed.kind === 'cart-not-open') {
    // the key is ours (claimed without an order): its answer is this 409
    const error = new ConflictError('The cart is no longer open', { cartId: request.cartId }, { type: 'cart-not-open' });
    const answer = request.answerOf({ kind: 'refused', error });
    await deps.idempotencyKeys.complete(scope, key, answer);
    return { answer, replayed: false };
  }
  Object.assign(order, { createdAt: claimed.createdAt, updatedAt: claimed.createdAt, seq: claimed.seq });

  let reserved: ReserveOutcome | { kind: 'unavailable'; detail: string };
  try {
    reserved = await reserveStock(
      deps.inventory,
      order.id,
      priced.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    );
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
    reserved = { kind: 'unavailable', detail: error.detail ?? error.message };
  }
  return finishPlacement(deps, request, order, reserved);
}

/** Confirms or fails the pending order according to inventory's answer, storing the outcome's answer with the key. */
async function finishPlacement(
  deps: OrdersDeps,
  request: PlaceOrderRequest,
  order: OrderRecord,
  outcome: ReserveOutcome | { kind: 'unavailable'; detail: string },
): Promise<PlacementResult> {
  const at = deps.now();
  const keyOf = (answer: StoredAnswer) => ({ scope: request.scope, key: request.key, answer });
  let answer: StoredAnswer;
  let effects: TransitionEffects;
  if (outcome.kind === 'reserved') {
    answer = request.answerOf({ kind: 'placed', order: toOrderView({ ...order, status: 'confirmed', updatedAt: at }) });
    effects = { reason: 'stock reserved', event: 'order.confirmed', completeKey: keyOf(answer), at, lines: order.lines };
  } else {
    const error =
      outcome.kind === 'short'
        ? new ConflictError(
            `Not enough stock for ${outcome.short.map((s) => s.sku).join(', ')}`,
            { skus: outcome.short.map((s) => s.sku), short: outcome.short, orderId: order.id },
            { type: 'insufficient-stock', title: 'Insufficient stock' },
          )
        : outcome.kind === 'rejected'
          ? new ConflictError(
              `Inventory rejected the reservation: ${outcome.detail}`,
              { orderId: order.id },
              { type: 'reservation-rejected' },
            )
          : new ServiceUnavailableError(`The order failed: inventory did not answer (${outcome.detail}); nothing stays reserved`, {
              orderId: order.id,
              dependency: 'inventory',
            });
    answer = request.answerOf({ kind: 'refused', error });
    effects = {
      reason:
        outcome.kind === 'short' ? 'insufficient stock' : outcome.kind === 'rejected' ? 'reservation rejected' : 'inventory unavailable',
      failureReason: error.detail ?? error.message,
      // all-or-nothing: a short reservation holds nothing; any other failure may have reserved, so release durably
      compensate: outcome.kind !== 'short',
      reopenCart: true,
      completeKey: keyOf(answer),
      at,
    };
  }
  const moved = await deps.orders.transition(order.id, ['pending'], outcome.kind === 'reserved' ? 'confirmed' : 'failed', effects);
  if (effects.compensate) deps.kickCompensations(order.id);
  if (moved) return { answer, replayed: false };
  // Someone else moved the order first (cancelled meanwhile, or failed by the recovery job): answer with that.
  const stored = await deps.idempotencyKeys.read(request.scope, request.key);
  if (stored?.answer) return { answer: stored.answer, replayed: false };
  const current = await deps.orders.find(order.id);
  const currentAnswer = request.answerOf({ kind: 'placed', order: toOrderView(current!) });
  await deps.idempotencyKeys.complete(request.scope, request.key, currentAnswer);
  return { answer: currentAnswer, replayed: false };
}
