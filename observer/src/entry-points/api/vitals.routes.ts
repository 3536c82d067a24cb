import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BadRequestError, ForbiddenError, TooManyRequestsError, UnsupportedMediaTypeError } from '@erp/errors';
import { ApiRouter, envInteger } from '@erp/service-kit';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  MAX_VITALS_PAGES,
  recordVitals,
  VITAL_METRICS,
  VITAL_RATINGS,
  VITALS_RANGES,
  vitalsSummary,
  type VitalsRange,
  type WebVitalsDeps,
} from '../../domain/web-vitals.use-case';
import type { ObserverPipeline } from '../../pipeline';
import { InfluxVitalsStore, MemoryVitalsStore } from '../../storage/vitals-store';
import { ClientRateLimit } from './client-rate-limit';

/** Largest beacon accepted (bytes): five metrics take about 600. */
export const MAX_BEACON_BYTES = 4096;
const BEACON_PATH = '/api/v1/vitals';
/** The web-vitals ESM build, served from the observer's own origin (script-src 'self'). */
export const WEB_VITALS_SCRIPT_PATH = '/vendor/web-vitals/web-vitals.js';

/** What the beacon may call a page: a path, optionally prefixed by the app it belongs to (`/`, `/vitals.html`, `theme:/demo`). */
export const vitalsPage = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^(?:[a-z][a-z0-9-]{0,31}:)?\/(?:[A-Za-z0-9._~-][A-Za-z0-9._~/-]{0,99})?$/,
    'a page path such as / or /vitals.html, optionally app-prefixed (theme:/demo)',
  );

const NAVIGATION_TYPES = ['navigate', 'reload', 'back-forward', 'back-forward-cache', 'prerender', 'restore'] as const;

const beaconMetric = z
  .object({
    name: z.enum(VITAL_METRICS),
    value: z.number().min(0).max(3_600_000).describe('milliseconds; CLS is unitless (at most 100)'),
    rating: z.enum(VITAL_RATINGS).describe("the page's own rating (informational: the observer rates the value itself)"),
    id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:-]+$/, "web-vitals' metric id"),
    navigationType: z.enum(NAVIGATION_TYPES),
  })
  .strict()
  .refine((m) => m.name !== 'CLS' || m.value <= 100, { path: ['value'], error: 'CLS is at most 100' });

export const vitalsBeaconSchema = z.object({
  page: vitalsPage,
  metrics: z
    .array(beaconMetric)
    .min(1)
    .max(VITAL_METRICS.length)
    .refine((list) => new Set(list.map((m) => m.name)).size === list.length, { error: 'each metric at most once per beacon' }),
});

const ratingsSchema = z.object({ good: z.number(), 'needs-improvement': z.number(), poor: z.number() });
const thresholdSchema = z.object({ good: z.number(), poor: z.number(), unit: z.enum(['ms', '']) });

const vitalsSummarySchema = z.object({
  range: z.enum(['24h', '7d']),
  from: z.string(),
  to: z.string(),
  source: z.enum(['influx', 'memory']),
  thresholds: z.object({ LCP: thresholdSchema, INP: thresholdSchema, CLS: thresholdSchema, FCP: thresholdSchema, TTFB: thresholdSchema }),
  pages: z.array(
    z.object({
      page: z.string(),
      metrics: z.array(
        z.object({
          name: z.enum(VITAL_METRICS),
          p75: z.number(),
          rating: z.enum(VITAL_RATINGS),
          count: z.number(),
          ratings: ratingsSchema,
        }),
      ),
    }),
  ),
});

/** The observer's environment for Web Vitals (spread into observerConfigShape). */
export const vitalsEnvShape = {
  OBSERVER_VITALS_ORIGINS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().regex(/^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/, {
            error: 'expected comma-separated origins such as http://127.0.0.1:8005 (scheme, host, port; no path)',
          }),
        )
        .max(20),
    )
    .default([])
    .describe(
      'origins (besides its own) whose pages may post Web Vitals to POST /api/v1/vitals, e.g. the theme demo page: CORS without credentials',
    ),
  OBSERVER_VITALS_SAMPLE_RATE: z
    .string()
    .regex(/^(?:0(?:\.\d{1,6})?|1(?:\.0+)?)$/, { error: 'expected a share of page loads from 0 to 1, e.g. 0.25' })
    .transform(Number)
    .default(1)
    .describe(
      'share of dashboard page loads that report their Web Vitals (default 1, every load: the dashboard has a small admin audience)',
    ),
  OBSERVER_VITALS_RATE_LIMIT: envInteger(1, 100_000)
    .default(60)
    .describe('Web Vitals beacons per minute per client address (a token bucket; also the burst); beyond it 429 with Retry-After'),
};

/** The parsed variables of {@link vitalsEnvShape}. */
export type VitalsEnv = z.output<z.ZodObject<typeof vitalsEnvShape>>;

/**
 * Web Vitals: POST /api/v1/vitals takes a page's beacon (text/plain from navigator.sendBeacon or a keepalive fetch, or
 * application/json; at most MAX_BEACON_BYTES; CORS for the configured origins only, never with credentials; a token
 * bucket per client), GET /api/v1/vitals answers p75 per page and metric, and the web-vitals script is served from here.
 */
export function vitalsRoutes({ influx }: Pick<ObserverPipeline, 'influx'>, env: VitalsEnv): Array<ApiRouter | RequestHandler> {
  const deps: WebVitalsDeps = { store: influx ? new InfluxVitalsStore(influx) : new MemoryVitalsStore(), pages: new Set() };
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'post',
      path: '/vitals',
      summary: "A page's Web Vitals beacon (LCP, INP, CLS, FCP, TTFB): stored per page and metric",
      description:
        `Public, no credentials. Also accepts text/plain (what navigator.sendBeacon sends) holding the same JSON; at most ${MAX_BEACON_BYTES} bytes (413 beyond). ` +
        `Rate-limited per client address (429 with Retry-After). Cross-origin only from OBSERVER_VITALS_ORIGINS (403 otherwise). ` +
        `At most ${MAX_VITALS_PAGES} distinct page ids per observer process (422 beyond). The observer rates each value by Web Vitals' thresholds.`,
      tags: ['web vitals'],
      auth: 'public',
      body: vitalsBeaconSchema,
      responses: { 204: null, 400: 'problem', 403: 'problem', 413: 'problem', 415: 'problem', 422: 'problem', 429: 'problem' },
    },
    ({ body }) => {
      recordVitals(deps, body, Date.now());
      return { status: 204 };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/vitals',
      summary: 'Web Vitals per page: p75 of each metric with its rating, the count and the spread of ratings, over 24h or 7d',
      tags: ['web vitals'],
      auth: 'public',
      query: z.object({ range: z.enum(Object.keys(VITALS_RANGES) as [VitalsRange, ...VitalsRange[]]).default('24h') }),
      responses: { 200: vitalsSummarySchema, 400: 'problem', 503: 'problem' },
    },
    async ({ query }) => ({ status: 200, body: await vitalsSummary(deps, query.range, Date.now()) }),
  );
  api.route(
    {
      method: 'get',
      path: '/vitals/config',
      summary: 'How the pages report: the sampling rate (share of page loads), the beacon limit, the metrics and their thresholds',
      tags: ['web vitals'],
      auth: 'public',
      responses: {
        200: z.object({ sampleRate: z.number(), maxBeaconBytes: z.number(), metrics: z.array(z.enum(VITAL_METRICS)), script: z.string() }),
      },
    },
    () => ({
      status: 200,
      body: {
        sampleRate: env.OBSERVER_VITALS_SAMPLE_RATE,
        maxBeaconBytes: MAX_BEACON_BYTES,
        metrics: VITAL_METRICS,
        script: WEB_VITALS_SCRIPT_PATH,
      },
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  );
  return [beaconIntake(env), api, webVitalsScript()];
}

/**
 * Runs before the kit's JSON stage on POST/OPTIONS /api/v1/vitals: CORS for the allowed origins, the rate limit, and
 * reading the body itself (text/plain or JSON, MAX_BEACON_BYTES). Once read, the request is marked JSON so the kit's
 * stage takes the already parsed body (body-parser skips a request whose body was read) and validates it with zod.
 */
function beaconIntake(env: VitalsEnv): RequestHandler {
  const allowed = new Set(env.OBSERVER_VITALS_ORIGINS);
  const limiter = new ClientRateLimit(env.OBSERVER_VITALS_RATE_LIMIT);
  const readText = express.text({ type: () => true, limit: MAX_BEACON_BYTES, defaultCharset: 'utf-8' });
  const router = express.Router();

  /** true: a cross-origin caller on the list (headers set); false: same origin or no Origin; error: another origin. */
  const checkOrigin = (req: Request, res: Response): boolean | ForbiddenError => {
    if (allowed.size > 0) res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined) return false;
    if (allowed.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      return true;
    }
    if (isSameOrigin(origin, req)) return false;
    return new ForbiddenError('Pages of this origin may not send Web Vitals to this observer (OBSERVER_VITALS_ORIGINS)');
  };

  router.options(BEACON_PATH, (req, res, next) => {
    const verdict = checkOrigin(req, res);
    if (verdict instanceof ForbiddenError) return next(verdict);
    if (verdict) {
      res.setHeader('access-control-allow-methods', 'POST');
      res.setHeader('access-control-allow-headers', 'content-type');
      res.setHeader('access-control-max-age', '600');
    }
    res.setHeader('allow', 'POST, GET, HEAD, OPTIONS');
    res.status(204).end();
  });

  router.post(
    BEACON_PATH,
    (req: Request, res: Response, next: NextFunction) => {
      const verdict = checkOrigin(req, res);
      if (verdict instanceof ForbiddenError) return next(verdict);
      const wait = limiter.take(req.ip ?? req.socket.remoteAddress ?? 'unknown', Date.now());
      if (wait > 0)
        return next(new TooManyRequestsError(wait, { detail: `Too many Web Vitals beacons from this client; retry in ${wait} s` }));
      if (req.headers['content-type'] !== undefined && req.is(['text/plain', 'application/json']) === false)
        return next(new UnsupportedMediaTypeError(req.headers['content-type'], 'text/plain or application/json'));
      next();
    },
    readText,
    (req: Request, _res: Response, next: NextFunction) => {
      const text: unknown = req.body;
      if (typeof text === 'string' && text.trim() !== '') {
        try {
          req.body = JSON.parse(text) as unknown;
        } catch {
          return next(new BadRequestError('Request body is not valid JSON', { type: 'invalid-json', title: 'Invalid JSON' }));
        }
      } else req.body = undefined;
      req.headers['content-type'] = 'application/json';
      next();
    },
  );
  return router;
}

/** The Origin names the host the request was sent to (the dashboard's own pages). */
function isSameOrigin(origin: string, req: Request): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** GET /vendor/web-vitals/web-vitals.js: the web-vitals package's ESM build, read once. */
function webVitalsScript(): RequestHandler {
  const source = readFileSync(join(dirname(require.resolve('web-vitals')), 'web-vitals.js'));
  const router = express.Router();
  router.get(WEB_VITALS_SCRIPT_PATH, (_req, res) => {
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=86400');
    res.end(source);
  });
  return router;
}
