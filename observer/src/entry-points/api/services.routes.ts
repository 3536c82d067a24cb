import { NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import { ObservedService } from '@erp/contracts';
import { z } from 'zod';
import type { ObserverPipeline } from '../../pipeline';
import { HEARTBEATS_KEPT } from '../../storage/memory-history';
import { historyPointSchema, targetName } from './schemas';

const historyQuery = z.object({
  check: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+:[A-Za-z0-9._-]+$/, 'a check name like cpu:utilization')
    .optional(),
  resolution: z.enum(['raw', '1m', '1h']).default('raw'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
});

/** `?heartbeat=N`: the last N polls of each target along (at most 100; 0, the default, for none). */
export const heartbeatQuery = z.object({
  heartbeat: z.coerce.number().int().min(0).max(HEARTBEATS_KEPT).default(0),
});

/** The window of the p95 latency each service carries. */
const P95_WINDOW_MS = 3_600_000;

/**
 * Every target as the API lists it, with what the dashboard's overview shows beside the state: p95 latency over the
 * last hour, the watchdog's state and, when `heartbeats` > 0, that many of the latest polls.
 */
export function servicesWithOverview(
  { states, memory, watchdog }: Pick<ObserverPipeline, 'states' | 'memory' | 'watchdog'>,
  heartbeats: number,
): ObservedService[] {
  const now = Date.now();
  return states.services().map((service) => withOverview(service, { memory, watchdog }, heartbeats, now));
}

function withOverview(
  service: ObservedService,
  { memory, watchdog }: Pick<ObserverPipeline, 'memory' | 'watchdog'>,
  heartbeats: number,
  now: number,
): ObservedService {
  return {
    ...service,
    p95LatencyMs: memory.latencyP95(service.name, P95_WINDOW_MS, now),
    watchdog: watchdog.view(service.name, now),
    ...(heartbeats > 0 ? { heartbeat: memory.recentHeartbeatColumns(service.name, heartbeats) } : {}),
  };
}

/** GET /api/v1/services, one service, and its history. */
export function servicesRoutes({
  states,
  memory,
  history,
  watchdog,
}: Pick<ObserverPipeline, 'states' | 'memory' | 'history' | 'watchdog'>): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/services',
      summary: 'Every target with state, status, last values, root cause, uptime, p95 latency and the watchdog state',
      description: '`heartbeat=N` adds the latest N polls of each target (time, outcome ok/degraded/fail, latency, reason), oldest first.',
      tags: ['services'],
      auth: 'public',
      query: heartbeatQuery,
      responses: { 200: z.array(ObservedService), 400: 'problem' },
    },
    ({ query }) => ({ status: 200, body: servicesWithOverview({ states, memory, watchdog }, query.heartbeat) }),
  );
  api.route(
    {
      method: 'get',
      path: '/services/{name}',
      summary: 'One target (with p95 latency and the watchdog state), and its recent poll latencies (sparkline)',
      tags: ['services'],
      auth: 'public',
      params: z.object({ name: targetName }),
      responses: { 200: ObservedService.extend({ recentLatencies: z.array(z.number()) }), 404: 'problem' },
    },
    ({ params }) => {
      const found = states.services().find((s) => s.name === params.name);
      if (!found) throw new NotFoundError('Service', params.name);
      const service = withOverview(found, { memory, watchdog }, 0, Date.now());
      return { status: 200, body: { ...service, recentLatencies: memory.recentLatencies(params.name, 60) } };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/services/{name}/history',
      summary: 'Poll latency (or one check) over time: raw samples, or 1-minute / 1-hour buckets with p50/p95/p99',
      description: 'From InfluxDB when INFLUX_URL is set (rollups for 1m/1h), else from the in-memory recent history.',
      tags: ['services'],
      auth: 'public',
      params: z.object({ name: targetName }),
      query: historyQuery,
      responses: {
        200: z.object({
          service: z.string(),
          check: z.string().nullable(),
          resolution: z.string(),
          source: z.string(),
          points: z.array(historyPointSchema),
        }),
        400: 'problem',
        404: 'problem',
      },
    },
    async ({ params, query }) => {
      if (!states.hasTarget(params.name)) throw new NotFoundError('Service', params.name);
      const to = query.to ? Date.parse(query.to) : Date.now();
      const span = query.resolution === 'raw' ? 3_600_000 : query.resolution === '1m' ? 86_400_000 : 30 * 86_400_000;
      const from = query.from ? Date.parse(query.from) : to - span;
      const points = await history.history({
        service: params.name,
        check: query.check ?? null,
        from,
        to,
        resolution: query.resolution,
        limit: query.limit,
      });
      return {
        status: 200,
        body: { service: params.name, check: query.check ?? null, resolution: query.resolution, source: history.source, points },
      };
    },
  );
  return api;
}
