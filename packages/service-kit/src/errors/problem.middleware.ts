import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger';
import { elapsedMs } from '../request-context';
import {
  AppError,
  BadRequestError,
  PayloadTooLargeError,
  PROBLEM_BASE,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationError,
  type ErrorKind,
} from '@erp/errors';
import { fieldErrorsFromZod } from './zod-issues';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The status code of each kind of application error: the one place where the fleet's errors meet HTTP. */
export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rule-violated': 422,
  'rate-limited': 429,
  unavailable: 503,
};

/** A refusal ready to send: its status, the problem document (without `instance`) and a `Retry-After`, if any. */
export interface Problem {
  status: number;
  document: Record<string, unknown>;
  retryAfterSeconds?: number;
  /** Human-readable summary for the log. */
  message: string;
}

/** The problem an application error becomes. */
export function problemOfAppError(error: AppError): Problem {
  const status = STATUS_OF_KIND[error.kind];
  const retryAfterSeconds = error instanceof TooManyRequestsError ? error.retryAfterSeconds : status === 503 ? 1 : undefined;
  return { status, document: { ...error.toProblemFields(), status }, retryAfterSeconds, message: error.message };
}

/** The bare problem of a status code (`{ type, title, status }`), for refusals that have nothing more to say. */
export function problemOfStatus(status: number): Problem {
  const title = STATUS_CODES[status] ?? 'Error';
  const type =
    PROBLEM_BASE +
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return { status, document: { type, title, status }, message: title };
}

/** The shape body-parser and http-errors give their errors. */
interface ExposedError {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
  charset?: string;
}

/**
 * The problem a known error becomes: application errors, zod, body-parser's typed errors, and any error that carries a
 * 4xx `status`/`statusCode` (Express, body-parser, http-errors: the client's fault, so never a 500); undefined otherwise.
 */
export function problemOf(error: unknown): Problem | undefined {
  const known = toAppError(error);
  if (known) return problemOfAppError(known);
  const status =
    typeof error === 'object' && error !== null ? ((error as ExposedError).status ?? (error as ExposedError).statusCode) : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? problemOfStatus(status) : undefined;
}

/** Maps zod's and body-parser's errors to application errors (an AppError as it is); undefined otherwise. */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return new ValidationError(fieldErrorsFromZod(error.issues, 'body'));
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as ExposedError;
  switch (e.type) {
    case 'entity.parse.failed':
      return new BadRequestError('Request body is not valid JSON', { type: 'invalid-json', title: 'Invalid JSON' });
    case 'entity.too.large':
      return new PayloadTooLargeError(e.limit);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(e.charset, 'application/json; charset=utf-8');
    case 'request.aborted':
    case 'request.size.invalid':
      return new BadRequestError('Request body was incomplete');
  }
  // Express's router marks a path segment that is not valid %-encoded UTF-8 with status 400 (a URIError).
  if (error instanceof URIError && (e.status ?? e.statusCode) === 400)
    return new BadRequestError('A path segment is not valid percent-encoded UTF-8', {
      type: 'invalid-path-encoding',
      title: 'Invalid path encoding',
    });
  return undefined;
}

/** Sends `problem` as `application/problem+json`, with the request's path as `instance`. */
export function sendProblem(req: Request, res: Response, problem: Problem): void {
  const body = { ...problem.document, instance: req.originalUrl.split('?', 1)[0] };
  res.statusCode = problem.status;
  res.setHeader('content-type', PROBLEM_CONTENT_TYPE);
  if (problem.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(Math.ceil(problem.retryAfterSeconds)));
  res.end(JSON.stringify(body));
}

const internal: Problem = {
  status: 500,
  document: { type: PROBLEM_BASE + 'internal', title: 'Internal Server Error', status: 500 },
  message: 'Internal Server Error',
};

/**
 * The last middleware: turns any error into a problem+json response. Application errors and malformed requests keep their
 * their status; anything else is a 500 without detail or stack, logged once (with the request id) at error level.
 */
export function problemMiddleware(logger: Logger) {
  return function problem(error: unknown, req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) {
      logger.error({ err: error, reqId: req.id }, 'error after response started');
      next(error);
      return;
    }
    const known = problemOf(error);
    if (!known) {
      (req.log ?? logger).error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
      sendProblem(req, res, internal);
      return;
    }
    if (known.status >= 500)
      (req.log ?? logger).warn({ err: error, method: req.method, url: req.originalUrl, ms: elapsedMs(req) }, known.message);
    else
      (req.log ?? logger).info(
        {
          status: known.status,
          type: known.document.type,
          detail: known.document.detail,
          method: req.method,
          url: req.originalUrl,
          ms: elapsedMs(req),
        },
        'request rejected',
      );
    sendProblem(req, res, known);
  };
}

/** 404 for any request no route matched (passed on to the problem middleware, which logs it). */
export function notFoundMiddleware(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('not-found', { type: 'not-found', detail: `No route for ${req.method} ${req.path}` }));
}
