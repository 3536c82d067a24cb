import { z } from 'zod';
import { ApiRouter } from '@erp/service-kit';
import { createSubscription, getSubscriptions, removeSubscription } from '../../domain/subscriptions.use-case';
import type { OrdersDeps } from '../../domain/orders-deps';
import { IdParams, SubscriptionBody } from './orders.schemas';
import { ADMIN } from './access-policy';

const Subscription = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  pendingDeliveries: z.number(),
});

/** Webhook subscribers of order events (delivered at least once from the outbox). */
export function subscriptionRoutes(deps: OrdersDeps): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  const tags = ['events'];
  api.route(
    {
      method: 'post',
      path: '/subscriptions',
      tags,
      summary: 'Register a webhook for order events; the secret (shown once) signs every delivery',
      body: SubscriptionBody,
      auth: ADMIN,
      responses: { 201: Subscription.extend({ secret: z.string() }), 400: 'problem' },
    },
    async ({ body }) => ({ status: 201, body: await createSubscription(deps, body) }),
  );
  api.route(
    {
      method: 'get',
      path: '/subscriptions',
      tags,
      summary: 'Webhook subscriptions and what each is still owed',
      auth: ADMIN,
      responses: { 200: z.object({ items: z.array(Subscription) }) },
    },
    async () => ({ status: 200, body: await getSubscriptions(deps) }),
  );
  api.route(
    {
      method: 'delete',
      path: '/subscriptions/{id}',
      tags,
      summary: 'Stop a subscription',
      params: IdParams,
      auth: ADMIN,
      responses: { 204: null, 404: 'problem' },
    },
    async ({ params }) => {
      await removeSubscription(deps, params.id);
      return { status: 204 };
    },
  );
  return api;
}
