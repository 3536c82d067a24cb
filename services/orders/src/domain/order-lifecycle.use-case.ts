import { ConflictError, NotFoundError } from '@erp/errors';
import type { Principal } from '@erp/auth';
import { closeReservation } from '../data-access/inventory.gateway';
import { IllegalTransitionError } from './order.errors';
import { toOrderView, type OrderView } from './order.view';
import type { OrdersDeps } from './orders-deps';
import { visibleTo } from './order-access';

async function currentView(deps: OrdersDeps, id: string): Promise<OrderView> {
  const order = await deps.orders.find(id);
  if (!order) throw new NotFoundError('Order', id);
  return toOrderView(order, await deps.orders.transitions(id));
}

/**
 * Cancels a pending or confirmed order. The status change, its outbox event and a durable "release the stock"
 * compensation are written together, so the release happens even if inventory is down right now.
 */
export async function cancelOrder(deps: OrdersDeps, caller: Principal, id: string): Promise<OrderView> {
  visibleTo(caller, await deps.orders.find(id), 'Order', id);
  const moved = await deps.orders.transition(id, ['pending', 'confirmed'], 'cancelled', {
    reason: 'cancelled by request',
    event: 'order.cancelled',
    compensate: true,
    at: deps.now(),
  });
  if (!moved) {
    const order = await deps.orders.find(id);
    if (!order) throw new NotFoundError('Order', id);
    throw new IllegalTransitionError(order.status, 'cancelled');
  }
  deps.kickCompensations(id);
  return currentView(deps, id);
}

/**
 * Fulfils (ships) a confirmed order: inventory commits the reservation (on hand and reserved drop), then the order
 * becomes fulfilled. The order row stays locked meanwhile, so a concurrent cancel waits and then sees "fulfilled".
 */
export async function fulfilOrder(deps: OrdersDeps, id: string): Promise<OrderView> {
  await deps.transaction(async (tx) => {
    const order = await tx.orders.find(id, true);
    if (!order) throw new NotFoundError('Order', id);
    if (order.status !== 'confirmed') throw new IllegalTransitionError(order.status, 'fulfilled');
    const outcome = await closeReservation(deps.inventory, id, 'commit');
    if (!outcome.ok)
      throw new ConflictError(
        `Inventory could not commit the reservation: ${outcome.detail}`,
        { orderId: id },
        { type: 'commit-rejected' },
      );
    await tx.orders.transition(id, ['confirmed'], 'fulfilled', { reason: 'shipped', event: 'order.fulfilled', at: deps.now() });
  });
  return currentView(deps, id);
}

/** One order with its transitions. */
export async function getOrder(deps: OrdersDeps, caller: Principal, id: string): Promise<OrderView> {
  const order = visibleTo(caller, await deps.orders.find(id), 'Order', id);
  return toOrderView(order, await deps.orders.transitions(id));
}
