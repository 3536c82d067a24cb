import { ConflictError, NotFoundError, UnprocessableError } from '@erp/errors';
import type { Principal } from '@erp/auth';
import { MAX_CART_LINES, type CartRecord, type CartRepository } from '../data-access/cart.repository';
import { fetchProducts } from '../data-access/catalog.gateway';
import { placeOrder } from './place-order.use-case';
import { idempotencyScope, requestHash } from './idempotency';
import { visibleTo } from './order-access';
import type { OrdersDeps } from './orders-deps';
import type { AnswerOf, PlacementResult } from './placement-answer';

/** A cart as the API shows it: every line priced from the catalog right now. */
export interface CartView {
  id: string;
  customerId: string;
  status: string;
  orderId: string | null;
  lines: Array<{
    sku: string;
    quantity: number;
    name: string | null;
    unitPriceCents: number | null;
    lineTotalCents: number | null;
    available: boolean;
  }>;
  totalCents: number;
  currency: string | null;
  createdAt: string;
  updatedAt: string;
}

async function view(deps: OrdersDeps, cart: CartRecord): Promise<CartView> {
  const products =
    cart.lines.length > 0
      ? await fetchProducts(
          deps.catalog,
          cart.lines.map((l) => l.sku),
        )
      : new Map();
  const lines = cart.lines.map((l) => {
    const p = products.get(l.sku);
    const available = Boolean(p?.active);
    return {
      sku: l.sku,
      quantity: l.quantity,
      name: p?.name ?? null,
      unitPriceCents: p?.priceCents ?? null,
      lineTotalCents: p ? p.priceCents * l.quantity : null,
      available,
    };
  });
  const currencies = [...new Set(cart.lines.map((l) => products.get(l.sku)?.currency).filter((c): c is string => Boolean(c)))];
  return {
    id: cart.id,
    customerId: cart.customerId,
    status: cart.status,
    orderId: cart.orderId,
    lines,
    totalCents: lines.reduce((sum, l) => sum + (l.available ? (l.lineTotalCents ?? 0) : 0), 0),
    currency: currencies.length === 1 ? currencies[0]! : null,
    createdAt: cart.createdAt.toISOString(),
    updatedAt: cart.updatedAt.toISOString(),
  };
}

/** The caller's cart (someone else's answers 404 like a missing one), read through `carts` (a transaction's, to lock it). */
async function ownCart(carts: CartRepository, caller: Principal, id: string, forUpdate = false): Promise<CartRecord> {
  return visibleTo(caller, await carts.find(id, forUpdate), 'Cart', id);
}

async function openCart(carts: CartRepository, caller: Principal, id: string, forUpdate: boolean): Promise<CartRecord> {
  const cart = await ownCart(carts, caller, id, forUpdate);
  if (cart.status !== 'open')
    throw new ConflictError('The cart is already checked out', { cartId: id, orderId: cart.orderId }, { type: 'cart-not-open' });
  return cart;
}

/** Creates an empty cart for a customer. */
export async function createCart(deps: OrdersDeps, caller: Principal, customerId: string): Promise<CartView> {
  return view(deps, await deps.carts.insert(customerId, caller.subject));
}

/** A cart, priced from the catalog. */
export async function getCart(deps: OrdersDeps, caller: Principal, id: string): Promise<CartView> {
  return view(deps, await ownCart(deps.carts, caller, id));
}

/** Adds a sku or changes its quantity; the sku must be for sale in the catalog (422 otherwise). */
export async function setCartLine(deps: OrdersDeps, caller: Principal, id: string, sku: string, quantity: number): Promise<CartView> {
  await openCart(deps.carts, caller, id, false);
  const product = (await fetchProducts(deps.catalog, [sku])).get(sku);
  if (!product) throw new UnprocessableError(`Unknown sku: ${sku}`, { skus: [sku] }, { type: 'unknown-sku', title: 'Unknown sku' });
  if (!product.active)
    throw new UnprocessableError(`Sku not for sale: ${sku}`, { skus: [sku] }, { type: 'inactive-sku', title: 'Inactive sku' });
  await deps.transaction(async (tx) => {
    const cart = await openCart(tx.carts, caller, id, true);
    if (!cart.lines.some((l) => l.sku === sku) && cart.lines.length >= MAX_CART_LINES) {
      throw new UnprocessableError(`A cart holds at most ${MAX_CART_LINES} skus`, {}, { type: 'cart-full' });
    }
    await tx.carts.upsertLine(id, sku, quantity);
  });
  return getCart(deps, caller, id);
}

/** Removes a sku from a cart (404 when it was not in it). */
export async function removeCartLine(deps: OrdersDeps, caller: Principal, id: string, sku: string): Promise<CartView> {
  const removed = await deps.transaction(async (tx) => {
    await openCart(tx.carts, caller, id, true);
    return tx.carts.deleteLine(id, sku);
  });
  if (!removed) throw new NotFoundError('Cart line', sku);
  return getCart(deps, caller, id);
}

/** Turns an open cart into an order (same rules and idempotency as POST /orders; scope "checkout"). */
export async function checkoutCart(
  deps: OrdersDeps,
  caller: Principal,
  id: string,
  key: string,
  answerOf: AnswerOf,
): Promise<PlacementResult> {
  const cart = await ownCart(deps.carts, caller, id);
  const hash = requestHash({ cartId: id });
  if (cart.status === 'open' && cart.lines.length === 0)
    throw new UnprocessableError('The cart is empty', { cartId: id }, { type: 'empty-cart' });
  return placeOrder(deps, {
    scope: idempotencyScope('checkout', caller),
    key,
    hash,
    customerId: cart.customerId,
    placedBy: caller.subject,
    lines: cart.lines,
    cartId: id,
    answerOf,
  });
}
