import type { RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import type { LatencyWindow } from './latency-window';

/** True for /health, /health/… and /health?…, which must not count in the service's own metrics. */
function isHealthPath(url: string): boolean {
  if (!url.startsWith('/health')) return false;
  const next = url.charCodeAt(7);
  return Number.isNaN(next) || next === 47 /* / */ || next === 63; /* ? */
}

/** Records the duration and 5xx-ness of every finished request in `window`: two clock reads and one `finish` listener (`on`, not `once`: finish fires once, and `once` costs a wrapper). */
export function createHttpMetricsMiddleware(window: LatencyWindow): RequestHandler {
  return (req, res, next) => {
    if (!isHealthPath(req.url)) {
      const startedAt = performance.now();
      res.on('finish', () => {
        const now = performance.now();
        window.record(now - startedAt, res.statusCode >= 500, now);
      });
    }
    next();
  };
}
