import { ApiRouter } from '@erp/service-kit';
import { checkoutCart, createCart, getCart, removeCartLine, setCartLine } from '../../domain/carts.use-case';
import type { OrdersDeps } from '../../domain/orders-deps';
import { placementAnswers, sendStored } from './stored-response';
import { STAFF } from './access-policy';
import { CartLineBody, CartLineParams, CartResponse, CreateCartBody, IdParams, IdempotencyHeaders, OrderResponse } from './orders.schemas';

/** Carts: lines hold skus and quantities; prices always come from the catalog. */
export function cartRoutes(deps: OrdersDeps): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  const tags = ['carts'];
  const problems = { 400: 'problem', 404: 'problem', 409: 'problem', 422: 'problem', 503: 'problem' } as const;
  api.route(
    {
      method: 'post',
      path: '/carts',
      tags,
      summary: 'Create an empty cart',
      body: CreateCartBody,
      auth: STAFF,
      responses: { 201: CartResponse, 400: 'problem' },
    },
    async ({ body, principal }) => {
      const cart = await createCart(deps, principal, body.customerId);
      return { status: 201, body: cart, headers: { Location: `/api/v1/carts/${cart.id}` } };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/carts/{id}',
      tags,
      summary: 'A cart, priced from the catalog now',
      params: IdParams,
      auth: STAFF,
      responses: { 200: CartResponse, 404: 'problem', 503: 'problem' },
    },
    async ({ params, principal }) => ({ status: 200, body: await getCart(deps, principal, params.id) }),
  );
  api.route(
    {
      method: 'put',
      path: '/carts/{id}/lines/{sku}',
      tags,
      summary: 'Add a sku or set its quantity (422 when the catalog does not sell it)',
      params: CartLineParams,
      body: CartLineBody,
      auth: STAFF,
      responses: { 200: CartResponse, ...problems },
    },
    async ({ params, body, principal }) => ({
      status: 200,
      body: await setCartLine(deps, principal, params.id, params.sku, body.quantity),
    }),
  );
  api.route(
    {
      method: 'delete',
      path: '/carts/{id}/lines/{sku}',
      tags,
      summary: 'Remove a sku from the cart',
      params: CartLineParams,
      auth: STAFF,
      responses: { 200: CartResponse, ...problems },
    },
    async ({ params, principal }) => ({ status: 200, body: await removeCartLine(deps, principal, params.id, params.sku) }),
  );
  api.route(
    {
      method: 'post',
      path: '/carts/{id}/checkout',
      tags,
      summary: 'Turn the cart into an order (same rules and idempotency as POST /orders)',
      params: IdParams,
      headers: IdempotencyHeaders,
      auth: STAFF,
      responses: { 201: OrderResponse, ...problems },
    },
    async ({ params, headers, principal, req, res }) =>
      sendStored(res, await checkoutCart(deps, principal, params.id, headers['idempotency-key'], placementAnswers(req.originalUrl))),
  );
  return api;
}
