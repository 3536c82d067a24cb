import type { Response } from 'express';
import { problemOfAppError, type RouteResult } from '@erp/service-kit';
import type { AnswerOf, PlacementResult } from '../../domain/placement-answer';

/**
 * The answers of placements requested at `instance` (the request's URL), stored with their Idempotency-Key and
 * replayed as they are: a placed order → 201 and its view; a refusal → its status and problem document, as the problem
 * middleware would send them, with `instance`. The one place where a placement's outcome meets HTTP.
 */
export function placementAnswers(instance: string): AnswerOf {
  return (outcome) => {
    if (outcome.kind === 'placed') return { status: 201, body: outcome.order };
    const problem = problemOfAppError(outcome.error);
    return { status: problem.status, body: { ...problem.document, instance } };
  };
}

/** Sends a placement's answer (replays marked `Idempotent-Replayed: true`); problems go out as problem+json. */
export function sendStored(res: Response, { answer, replayed }: PlacementResult): RouteResult | void {
  const headers: Record<string, string> = {};
  if (replayed) headers['Idempotent-Replayed'] = 'true';
  const body = answer.body as { id?: string } | null;
  if (answer.status === 201 && body?.id) headers.Location = `/api/v1/orders/${body.id}`;
  if (answer.status < 400) return { status: answer.status, body: answer.body, headers };
  res.status(answer.status).set(headers).set('Content-Type', 'application/problem+json; charset=utf-8').end(JSON.stringify(answer.body));
}
