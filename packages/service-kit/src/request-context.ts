import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from './logger';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The request id: the caller's `x-request-id` when well-formed, else a new uuid. */
      id: string;
      /** A child logger bound to `reqId` (created on first use). */
      log: Logger;
    }
  }
}

/** What the kit keeps for the duration of one request. */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const wellFormedId = /^[\w.:-]{1,128}$/;

/**
 * Whether requests run inside the AsyncLocalStorage context. Entering it costs on every request, and once a store has
 * been entered Node tracks the context through every promise; so it is entered only once something in this process
 * can read it: an HTTP client was created ({@link createHttpClient} calls {@link useRequestIdContext}), or
 * {@link currentRequestId} / {@link runWithRequestId} was called. Logs do not need it: `req.log` carries the id.
 */
let contextWanted = false;

/**
 * From now on, every request runs with its id in the async context, so {@link currentRequestId} answers anywhere in its
 * call chain. The kit's HTTP client calls it when it is created; code that reads {@link currentRequestId} during
 * requests without using the kit's client calls it at start.
 */
export function useRequestIdContext(): void {
  contextWanted = true;
}

/**
 * The id of the request being handled by the current async call chain, if any. Requests carry it once the process
 * created an HTTP client or called {@link useRequestIdContext} (the first call here also turns it on, for later requests).
 */
export function currentRequestId(): string | undefined {
  contextWanted = true;
  return storage.getStore()?.requestId;
}

/** Runs `fn` as if it handled a request with `requestId` (jobs and tests use it to tag outgoing calls). */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  contextWanted = true;
  return storage.run({ requestId }, fn);
}

/**
 * Installs request ids and request logging on `app` and returns the middleware:
 * - `req.id` from a well-formed incoming `x-request-id` or a new uuid, echoed as the `x-request-id` response header;
 * - `req.log` as a lazily created child logger (no allocation unless used);
 * - the id kept in AsyncLocalStorage for {@link currentRequestId} and the HTTP client, once anything can read it (see
 *   {@link useRequestIdContext});
 * - with LOG_LEVEL debug or trace, one `request` line per finished request. At info, failed requests are logged by the
 *   problem middleware instead, so the hot path of a successful request writes nothing.
 */
export function installRequestContext(app: Express, logger: Logger) {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request & { _log?: Logger }) {
      return (this._log ??= logger.child({ reqId: this.id }));
    },
    set(this: Request & { _log?: Logger }, value: Logger) {
      this._log = value;
    },
  });

  function logFinished(this: Response) {
    const req = this.req;
    logger.debug({ reqId: req.id, method: req.method, url: req.originalUrl, status: this.statusCode, ms: elapsedMs(req) }, 'request');
  }
  const logsRequests = logger.isLevelEnabled('debug');

  return function requestContext(req: Request, res: Response, next: NextFunction) {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && wellFormedId.test(incoming) ? incoming : randomUUID();
    req.id = id;
    (req as TimedRequest)._startedAt = performance.now();
    res.setHeader('x-request-id', id);
    if (logsRequests) res.on('finish', logFinished);
    if (contextWanted) storage.run({ requestId: id }, next);
    else next();
  };
}

type TimedRequest = Request & { _startedAt?: number };

/** Milliseconds since the request entered the kit's middleware (two decimals). */
export function elapsedMs(req: Request): number | undefined {
  const started = (req as TimedRequest)._startedAt;
  return started === undefined ? undefined : Math.round((performance.now() - started) * 100) / 100;
}
