import { NotFoundError } from '@erp/errors';
import { randomBytes } from 'node:crypto';
import type { OrdersDeps } from './orders-deps';

/** Event types a subscription may ask for. */
export const ORDER_EVENTS = ['order.confirmed', 'order.cancelled', 'order.fulfilled'] as const;

const toView = (s: { id: string; url: string; events: string[]; active: boolean; createdAt: Date; pendingDeliveries: number }) => ({
  ...s,
  createdAt: s.createdAt.toISOString(),
});

/** Registers a webhook; the returned secret (shown once) verifies the X-Erp-Signature of each delivery. */
export async function createSubscription(deps: Pick<OrdersDeps, 'subscriptions'>, input: { url: string; events: string[] }) {
  const secret = randomBytes(24).toString('base64url');
  const created = await deps.subscriptions.insert({ ...input, secret });
  return { ...toView(created), secret };
}

/** Every subscription (without secrets). */
export async function getSubscriptions(deps: Pick<OrdersDeps, 'subscriptions'>) {
  return { items: (await deps.subscriptions.list()).map(toView) };
}

/** Stops a subscription. */
export async function removeSubscription(deps: Pick<OrdersDeps, 'subscriptions'>, id: string): Promise<void> {
  if (!(await deps.subscriptions.deactivate(id))) throw new NotFoundError('Subscription', id);
}
