import type { IncomingMessage, ServerResponse } from 'node:http';

export const HEALTH_CONTENT_TYPE = 'application/health+json; charset=utf-8';

/** A body ready to send: status code and the JSON bytes. */
export interface PreparedResponse {
  code: 200 | 503;
  body: Buffer;
}

/** Where the handler reads each prepared body from. */
export interface HealthBodies {
  health: () => PreparedResponse;
  live: () => PreparedResponse;
  ready: () => PreparedResponse;
}

function send(res: ServerResponse, prepared: PreparedResponse): void {
  res.writeHead(prepared.code, {
    'Content-Type': HEALTH_CONTENT_TYPE,
    'Content-Length': prepared.body.length,
    'Cache-Control': 'no-store',
  });
  res.end(prepared.body);
}

/**
 * A node:http handler with a `next` for what it does not serve; usable as Express middleware, or in front of Express
 * in the server's request listener so that health requests never pay for Express at all.
 */
export type HealthHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * GET and HEAD /health, /health/live, /health/ready (a trailing slash or a query string is ignored), each sending a
 * precomputed body. A plain handler rather than an express.Router: every other request of the service passes
 * through it, and one `startsWith` is all it costs them.
 */
export function createHealthRouter(bodies: HealthBodies): HealthHandler {
  return (req, res, next) => {
    const url = req.url ?? '';
    if (!url.startsWith('/health') || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const query = url.indexOf('?');
    let path = query === -1 ? url : url.slice(0, query);
    if (path.length > 7 && path.endsWith('/')) path = path.slice(0, -1);
    if (path === '/health') send(res, bodies.health());
    else if (path === '/health/live') send(res, bodies.live());
    else if (path === '/health/ready') send(res, bodies.ready());
    else next();
  };
}
