import { NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import { reserveStock } from '../../domain/reserve-stock.use-case';
import { closeReservation } from '../../domain/close-reservation.use-case';
import { confirmReservation } from '../../domain/confirm-reservation.use-case';
import { toReservationView } from '../../domain/reservation.view';
import { RESERVERS, actorOf } from './access-policy';
import { IdParams, OrderIdParams, ReservationBody, ReservationResponse } from './inventory.schemas';
import type { InventoryDeps } from '../../domain/inventory-deps';

/** All-or-nothing reservations; confirm, release and commit by reservation id or by order id (all idempotent). */
export function reservationRoutes(deps: InventoryDeps, options: { ttlSeconds: number; clock: () => number }): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  const tags = ['reservations'];
  const problems = { 400: 'problem', 404: 'problem', 409: 'problem' } as const;
  api.route(
    {
      method: 'post',
      path: '/reservations',
      tags,
      summary:
        'Reserve every line for an order, or nothing (409 names the short skus): pending until the TTL, or confirmed with confirm: true; idempotent by orderId',
      body: ReservationBody,
      auth: RESERVERS,
      responses: { 201: ReservationResponse, 200: ReservationResponse, ...problems },
    },
    async ({ body, principal }) => {
      const { created, reservation } = await reserveStock(deps, {
        ...body,
        actor: actorOf(principal),
        expiresAt: new Date(options.clock() + options.ttlSeconds * 1000),
      });
      return { status: created ? 201 : 200, body: reservation, headers: { Location: `/api/v1/reservations/${reservation.id}` } };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/reservations/{id}',
      tags,
      summary: 'A reservation',
      params: IdParams,
      auth: RESERVERS,
      responses: { 200: ReservationResponse, 404: 'problem' },
    },
    async ({ params }) => {
      const reservation = await deps.reservations.find(params);
      if (!reservation) throw new NotFoundError('Reservation', params.id);
      return { status: 200, body: toReservationView(reservation) };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/reservations/by-order/{orderId}',
      tags,
      summary: 'The reservation of an order',
      params: OrderIdParams,
      auth: RESERVERS,
      responses: { 200: ReservationResponse, 404: 'problem' },
    },
    async ({ params }) => {
      const reservation = await deps.reservations.find(params);
      if (!reservation) throw new NotFoundError('Reservation for order', params.orderId);
      return { status: 200, body: toReservationView(reservation) };
    },
  );
  const confirmSummary = 'Confirm (the order is confirmed): a pending reservation no longer expires and holds until released or committed';
  api.route(
    {
      method: 'post',
      path: '/reservations/{id}/confirm',
      tags,
      summary: confirmSummary,
      params: IdParams,
      auth: RESERVERS,
      responses: { 200: ReservationResponse, ...problems },
    },
    async ({ params }) => ({ status: 200, body: await confirmReservation(deps, params) }),
  );
  api.route(
    {
      method: 'post',
      path: '/reservations/by-order/{orderId}/confirm',
      tags,
      summary: confirmSummary,
      params: OrderIdParams,
      auth: RESERVERS,
      responses: { 200: ReservationResponse, ...problems },
    },
    async ({ params }) => ({ status: 200, body: await confirmReservation(deps, params) }),
  );
  for (const action of ['release', 'commit'] as const) {
    const summary =
      action === 'release' ? 'Release (cancel): the stock becomes available again' : 'Commit (ship): on hand and reserved both drop';
    api.route(
      {
        method: 'post',
        path: `/reservations/{id}/${action}`,
        tags,
        summary,
        params: IdParams,
        auth: RESERVERS,
        responses: { 200: ReservationResponse, ...problems },
      },
      async ({ params, principal }) => ({ status: 200, body: await closeReservation(deps, params, action, actorOf(principal)) }),
    );
    api.route(
      {
        method: 'post',
        path: `/reservations/by-order/{orderId}/${action}`,
        tags,
        summary: `${summary}. Releasing an order with no reservation records it as released, so a late reserve cannot hold stock.`,
        params: OrderIdParams,
        auth: RESERVERS,
        responses: { 200: ReservationResponse, ...problems },
      },
      async ({ params, principal }) => ({ status: 200, body: await closeReservation(deps, params, action, actorOf(principal)) }),
    );
  }
  return api;
}
