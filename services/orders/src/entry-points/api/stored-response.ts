import type { Response } from 'express';
import type { RouteResult } from '@erp/service-kit';
import type { StoredResponse } from '../../domain/orders-deps';

/** Sends a use-case's stored response (replays marked `Idempotent-Replayed: true`); problems go out as problem+json. */
export function sendStored(res: Response, response: StoredResponse): RouteResult | void {
  const headers: Record<string, string> = {};
  if (response.replayed) headers['Idempotent-Replayed'] = 'true';
  const body = response.body as { id?: string } | null;
  if (response.status === 201 && body?.id) headers.Location = `/api/v1/orders/${body.id}`;
  if (response.status < 400) return { status: response.status, body: response.body, headers };
  res.status(response.status).set(headers).set('Content-Type', 'application/problem+json; charset=utf-8').end(JSON.stringify(response.body));
}
