import { Router, type Response } from 'express';
import type { PreparedResponse } from './health-monitor';

export const HEALTH_CONTENT_TYPE = 'application/health+json; charset=utf-8';

/** Where the router reads each prepared body from. */
export interface HealthBodies {
  health: () => PreparedResponse;
  live: () => PreparedResponse;
  ready: () => PreparedResponse;
}

function send(res: Response, prepared: PreparedResponse): void {
  res.writeHead(prepared.code, {
    'Content-Type': HEALTH_CONTENT_TYPE,
    'Content-Length': prepared.body.length,
    'Cache-Control': 'no-store',
  });
  res.end(prepared.body);
}

/** GET (and HEAD) /health, /health/live, /health/ready, each sending a precomputed body. */
export function createHealthRouter(bodies: HealthBodies): Router {
  const router = Router();
  router.get('/health', (_req, res) => send(res, bodies.health()));
  router.get('/health/live', (_req, res) => send(res, bodies.live()));
  router.get('/health/ready', (_req, res) => send(res, bodies.ready()));
  return router;
}
