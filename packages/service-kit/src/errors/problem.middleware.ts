import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger';
import { elapsedMs } from '../request-context';
import { BadRequestError, HttpError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@erp/errors';
import { fieldErrorsFromZod } from './zod-issues';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The shape body-parser and http-errors give their errors. */
interface ExposedError {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
  charset?: string;
}

/**
 * Maps a known non-HttpError to an HttpError: zod, body-parser's typed errors, and any error that carries a 4xx
 * `status`/`statusCode` (Express, body-parser, http-errors: the client's fault, so never a 500); undefined otherwise.
 */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
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
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  // Express's router marks a path segment that is not valid %-encoded UTF-8 with status 400 (a URIError).
  if (error instanceof URIError) return new BadRequestError('A path segment is not valid percent-encoded UTF-8', { type: 'invalid-path-encoding', title: 'Invalid path encoding' });
  return new HttpError(status);
}

/** Sends `problem` as `application/problem+json`. */
export function sendProblem(req: Request, res: Response, error: HttpError): void {
  const body = { ...error.toProblem(), instance: req.originalUrl.split('?', 1)[0] };
  res.statusCode = error.status;
  res.setHeader('content-type', PROBLEM_CONTENT_TYPE);
  if (error.status === 503) res.setHeader('retry-after', '1');
  res.end(JSON.stringify(body));
}

const internal = new HttpError(500, { type: 'internal', title: 'Internal Server Error' });

/**
 * The last middleware: turns any error into a problem+json response. HttpErrors and malformed requests keep their
 * status; anything else is a 500 without detail or stack, logged once (with the request id) at error level.
 */
export function problemMiddleware(logger: Logger) {
  return function problem(error: unknown, req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) {
      logger.error({ err: error, reqId: req.id }, 'error after response started');
      next(error);
      return;
    }
    const known = toHttpError(error);
    if (!known) {
      (req.log ?? logger).error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
      sendProblem(req, res, internal);
      return;
    }
    if (known.status >= 500) (req.log ?? logger).warn({ err: known, method: req.method, url: req.originalUrl, ms: elapsedMs(req) }, known.message);
    else (req.log ?? logger).info({ status: known.status, type: known.type, detail: known.detail, method: req.method, url: req.originalUrl, ms: elapsedMs(req) }, 'request rejected');
    sendProblem(req, res, known);
  };
}

/** 404 for any request no route matched (passed on to the problem middleware, which logs it). */
export function notFoundMiddleware(req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, { type: 'not-found', detail: `No route for ${req.method} ${req.path}` }));
}
