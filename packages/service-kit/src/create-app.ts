import type { TokenVerifier } from '@erp/auth';
import type { HealthMonitor } from '@erp/health';
import type http from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { HelmetOptions } from 'helmet';
import { ApiRouter, type RequestTokenSource } from './api-router';
import { notFoundMiddleware, problemMiddleware } from './errors/problem.middleware';
import type { Logger } from './logger';
import { buildOpenApiDocument } from './openapi';
import { installRequestContext } from './request-context';
import { securityHeaders } from './security-headers';

/** What {@link createApp} assembles. */
export interface AppOptions {
  name: string;
  version: string;
  description?: string;
  logger: Logger;
  health: HealthMonitor;
  routes: Array<ApiRouter | RequestHandler>;
  bodyLimit: string;
  /** Static helmet options (default: helmet's defaults); applied as a precomputed header list. */
  helmet?: HelmetOptions;
  /** Read on every request; true while shutting down (responses then carry `Connection: close`). */
  isDraining: () => boolean;
  /** Verifies access tokens on routes that declare roles. */
  verifier?: TokenVerifier;
  /** Where to take the token from when a request has no `Authorization` header (opt-in, e.g. a session cookie). */
  tokenSource?: RequestTokenSource;
}

/** True for /health, /health/… and /health?…. */
function isHealthPath(url: string): boolean {
  if (!url.startsWith('/health')) return false;
  const next = url.charCodeAt(7);
  return Number.isNaN(next) || next === 47 /* / */ || next === 63; /* ? */
}

/**
 * The request listener of a service: /health* is answered before Express (a precomputed body, no Express layers, so
 * the observer's polls stay sub-millisecond under load); everything else goes to the Express app, whose one front
 * middleware sets the security headers, starts the HTTP metrics timer, the request id and its async context; then /openapi.json, the
 * service's routes (registered directly on the app), 404 and problem+json errors. Few layers, because every layer
 * costs on each request.
 */
export function createApp(options: AppOptions): http.RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const healthRouter = options.health.router();
  const headers = securityHeaders(options.helmet);
  const requestContext = installRequestContext(app, options.logger);
  const timeResponse = options.health.responseTimer();
  const { isDraining } = options;
  // One layer for what every request needs: security headers, draining, HTTP metrics (as health.middleware() would
  // record them, without a layer of its own), then the request id and its context.
  app.use(function front(req: Request, res: Response, next: NextFunction) {
    for (let i = 0; i < headers.length; i++) {
      const header = headers[i] as [string, string];
      res.setHeader(header[0], header[1]);
    }
    if (isDraining()) res.setHeader('connection', 'close');
    if (!isHealthPath(req.url)) timeResponse(res);
    requestContext(req, res, next);
  });

  const apiRouters = options.routes.filter((r): r is ApiRouter => r instanceof ApiRouter);
  const openApi = Buffer.from(
    JSON.stringify(
      buildOpenApiDocument({ title: options.name, version: options.version, description: options.description, routers: apiRouters }),
    ),
  );
  app.get('/openapi.json', (_req, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(openApi);
  });
  for (const route of options.routes) {
    if (route instanceof ApiRouter)
      route.mount(app, { bodyLimit: options.bodyLimit, verifier: options.verifier, tokenSource: options.tokenSource });
    else app.use(route);
  }

  app.use(notFoundMiddleware);
  app.use(problemMiddleware(options.logger));
  return function serve(req, res) {
    if (isHealthPath(req.url ?? '')) healthRouter(req, res, () => app(req, res));
    else app(req, res);
  };
}
