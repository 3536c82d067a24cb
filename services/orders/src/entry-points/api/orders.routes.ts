import { ValidationError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import { placeOrder } from '../../domain/place-order.use-case';
import { cancelOrder, fulfilOrder, getOrder } from '../../domain/order-lifecycle.use-case';
import { decodeCursor, findOrders } from '../../domain/order-queries.use-case';
import { idempotencyScope, requestHash } from '../../domain/idempotency';
import { FULFILLERS, STAFF } from './access-policy';
import type { OrdersDeps } from '../../domain/orders-deps';
import { placementAnswers, sendStored } from './stored-response';
import type { OrderFilter } from '../../data-access/order.repository';
import {
  CustomerParams,
  HistoryQuery,
  IdParams,
  IdempotencyHeaders,
  OrderListQuery,
  OrderPage,
  OrderResponse,
  PlaceOrderBody,
} from './orders.schemas';

type ListQuery = {
  customerId?: string;
  status?: OrderFilter['statuses'];
  createdFrom?: string;
  createdTo?: string;
  cursor?: string;
  limit: number;
};

function toFilter(query: ListQuery, customerId = query.customerId): OrderFilter {
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (before === null) throw new ValidationError([{ field: 'cursor', message: 'not a cursor from this API', in: 'query' }]);
  return {
    customerId,
    statuses: query.status,
    createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
    createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
    before,
    limit: query.limit,
  };
}

/** Placement (idempotent), lifecycle, one order, list and per-customer history. */
export function orderRoutes(deps: OrdersDeps): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  const tags = ['orders'];
  api.route(
    {
      method: 'post',
      path: '/orders',
      tags,
      summary: 'Place an order: prices from catalog, stock reserved in inventory; exactly once per Idempotency-Key',
      description:
        'Same key and body → the original response (replayed, even when concurrent). Same key, other body → 422. 409 names the skus short; 503 when inventory does not answer (the order failed; nothing stays reserved).',
      body: PlaceOrderBody,
      headers: IdempotencyHeaders,
      auth: STAFF,
      responses: { 201: OrderResponse, 400: 'problem', 409: 'problem', 415: 'problem', 422: 'problem', 503: 'problem' },
    },
    async ({ body, headers, principal, req, res }) =>
      sendStored(
        res,
        await placeOrder(deps, {
          scope: idempotencyScope('orders', principal),
          key: headers['idempotency-key'],
          hash: requestHash(body),
          ...body,
          placedBy: principal.subject,
          answerOf: placementAnswers(req.originalUrl),
        }),
      ),
  );
  api.route(
    {
      method: 'get',
      path: '/orders',
      tags,
      summary: 'Orders, newest first, with filters and cursor pagination',
      query: OrderListQuery,
      auth: STAFF,
      responses: { 200: OrderPage, 400: 'problem' },
    },
    async ({ query, principal }) => ({ status: 200, body: await findOrders(deps, principal, toFilter(query)) }),
  );
  api.route(
    {
      method: 'get',
      path: '/customers/{customerId}/orders',
      tags,
      summary: "A customer's order history, newest first",
      params: CustomerParams,
      query: HistoryQuery,
      auth: STAFF,
      responses: { 200: OrderPage, 400: 'problem' },
    },
    async ({ params, query, principal }) => ({ status: 200, body: await findOrders(deps, principal, toFilter(query, params.customerId)) }),
  );
  api.route(
    {
      method: 'get',
      path: '/orders/{id}',
      tags,
      summary: 'One order with its recorded transitions',
      params: IdParams,
      auth: STAFF,
      responses: { 200: OrderResponse, 404: 'problem' },
    },
    async ({ params, principal }) => ({ status: 200, body: await getOrder(deps, principal, params.id) }),
  );
  api.route(
    {
      method: 'post',
      path: '/orders/{id}/cancel',
      tags,
      summary: 'Cancel a pending or confirmed order (its stock is released); 409 otherwise',
      params: IdParams,
      auth: STAFF,
      responses: { 200: OrderResponse, 404: 'problem', 409: 'problem' },
    },
    async ({ params, principal }) => ({ status: 200, body: await cancelOrder(deps, principal, params.id) }),
  );
  api.route(
    {
      method: 'post',
      path: '/orders/{id}/fulfill',
      tags,
      summary: 'Fulfil (ship) a confirmed order: inventory commits its reservation; 409 otherwise',
      params: IdParams,
      auth: FULFILLERS,
      responses: { 200: OrderResponse, 404: 'problem', 409: 'problem', 503: 'problem' },
    },
    async ({ params }) => ({ status: 200, body: await fulfilOrder(deps, params.id) }),
  );
  return api;
}
