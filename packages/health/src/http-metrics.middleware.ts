import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import type { LatencyWindow } from './latency-window';

/** True for /health, /health/… and /health?…, which must not count in the service's own metrics. */
function isHealthPath(url: string): boolean {
  if (!url.startsWith('/health')) return false;
  const next = url.charCodeAt(7);
  return Number.isNaN(next) || next === 47 /* / */ || next === 63; /* ? */
}

type TimedResponse = ServerResponse & { _metricsStartedAt?: number };

/**
 * Times one response into `window`: its duration and 5xx-ness are recorded when it finishes. One clock read now, one
 * shared `finish` listener (no closure per request; `on`, not `once`: finish fires once, and `once` costs a wrapper).
 */
export function createResponseTimer(window: LatencyWindow): (res: ServerResponse) => void {
  function recordFinished(this: TimedResponse): void {
    const now = performance.now();
    window.record(now - (this._metricsStartedAt as number), this.statusCode >= 500, now);
  }
  return (res: TimedResponse) => {
    res._metricsStartedAt = performance.now();
    res.on('finish', recordFinished);
  };
}

/** Records the duration and 5xx-ness of every finished request except `/health*` in `window`. */
export function createHttpMetricsMiddleware(window: LatencyWindow): RequestHandler {
  const time = createResponseTimer(window);
  return (req, res, next) => {
    if (!isHealthPath(req.url)) time(res);
    next();
  };
}
