import type { HealthMonitor } from '@erp/health';
import express, { type Express, type RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { ApiRouter } from './api-router';
import { notFoundMiddleware, problemMiddleware } from './errors/problem.middleware';
import type { Logger } from './logger';
import { buildOpenApiDocument } from './openapi';
import { installRequestContext } from './request-context';

/** What {@link createApp} assembles. */
export interface AppOptions {
  name: string;
  version: string;
  description?: string;
  logger: Logger;
  health: HealthMonitor;
  routes: Array<ApiRouter | RequestHandler>;
  bodyLimit: string;
  helmet?: HelmetOptions;
  /** Read on every request; true while shutting down (responses then carry `Connection: close`). */
  isDraining: () => boolean;
}

/**
 * The Express app of a service, in this order: /health* (cheapest path first), request id + log line, HTTP metrics,
 * helmet, /openapi.json, the service's routes, 404, problem+json errors.
 */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(options.health.router());
  app.use(installRequestContext(app, options.logger));
  app.use(options.health.middleware());
  app.use(helmet(options.helmet));
  app.use((_req, res, next) => {
    if (options.isDraining()) res.setHeader('connection', 'close');
    next();
  });

  const apiRouters = options.routes.filter((r): r is ApiRouter => r instanceof ApiRouter);
  const openApi = Buffer.from(
    JSON.stringify(buildOpenApiDocument({ title: options.name, version: options.version, description: options.description, routers: apiRouters })),
  );
  app.get('/openapi.json', (_req, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(openApi);
  });
  for (const route of options.routes) app.use(route instanceof ApiRouter ? route.toExpress({ bodyLimit: options.bodyLimit }) : route);

  app.use(notFoundMiddleware);
  app.use(problemMiddleware(options.logger));
  return app;
}
