import { ApiRouter } from '@erp/service-kit';
import { ObservedService, ReportStatus } from '@erp/contracts';
import type { Router } from 'express';
import { z } from 'zod';
import {
  getTargetDetail,
  MAX_RANGE_DAYS,
  RANGE_PRESETS,
  retentionMs,
  type RangePreset,
  type TargetDetailDeps,
} from '../../domain/target-detail.use-case';
import type { ObserverPipeline } from '../../pipeline';
import { InfluxHistory } from '../../storage/influx-history';
import { uplotAssets } from '../dashboard/uplot-assets';
import { historyPointSchema, isoDate, targetName } from './schemas';

const presets = Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]];
const state = z.enum(['UP', 'PENDING', 'DOWN', 'MAINTENANCE', 'DEGRADED']);

const detailSchema = z.object({
  target: ObservedService,
  range: z.object({ from: z.string(), to: z.string(), preset: z.enum(presets).nullable(), maxDays: z.number() }),
  source: z.enum(['influx', 'memory']).describe('influx when INFLUX_URL is set, else the in-memory recent history'),
  resolution: z.enum(['raw', '1m', '1h']).describe('raw samples (≤ 1 h), the 1-minute rollup (≤ 24 h) or the 1-hour rollup'),
  bucketSeconds: z.number(),
  series: z.array(
    historyPointSchema
      .pick({ t: true, count: true, p50: true, p95: true, p99: true, max: true })
      .extend({ errorRate: z.number().nullable().describe('share of failed polls in the bucket, 0–1') }),
  ),
  summary: z.object({
    samples: z.number(),
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    p99: z.number().nullable(),
    errorRate: z.number().nullable(),
    downSeconds: z.number(),
  }),
  bands: z.array(z.object({ state, from: z.string(), to: z.string() })),
  incidents: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['down', 'degraded']),
      cause: z.string(),
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      durationSeconds: z.number(),
      detail: z.string(),
    }),
  ),
  watchdog: z.array(z.object({ id: z.string(), at: z.string(), kind: z.string(), severity: z.string(), message: z.string() })),
  checks: z.object({ at: z.string().nullable(), status: ReportStatus.nullable(), items: ObservedService.shape.checks }),
  recentChecks: z.array(
    z.object({
      at: z.string(),
      outcome: z.enum(['ok', 'degraded', 'fail']),
      latencyMs: z.number().nullable(),
      httpStatus: z.number().nullable(),
      state: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});

type Views = Pick<ObserverPipeline, 'states' | 'memory' | 'history' | 'alerts' | 'events' | 'config'>;

/** GET /api/v1/targets/{name}/detail (the target page's one call), and uPlot's files for the page (/vendor/uplot/). */
export function targetDetailRoutes(views: Views): [ApiRouter, Router] {
  const influxHistory = views.history instanceof InfluxHistory ? views.history : null;
  const deps: TargetDetailDeps = {
    services: () => views.states.services(),
    // Without InfluxDB the history reader is the in-memory history.
    history: views.history,
    heartbeats: (target, n) => views.memory.recentHeartbeats(target, n),
    influx: influxHistory
      ? {
          latencyBuckets: (q) => influxHistory.latencyBuckets(q),
          storedPolls: (service, from, to, limit) => influxHistory.storedPolls(service, from, to, limit),
          retentions: () => {
            const { rawRetention, rollup1mRetention, rollup1hRetention } = views.config().influx;
            return { raw: retentionMs(rawRetention), rollup1m: retentionMs(rollup1mRetention), rollup1h: retentionMs(rollup1hRetention) };
          },
        }
      : null,
    alerts: views.alerts,
    activity: views.events.activity,
  };
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/targets/{name}/detail',
      summary: 'One target over a range: latency p50/p95/p99 and error rate per bucket, state bands, incidents, watchdog actions, checks',
      description:
        `A preset range ending now (range=1h|24h|7d|30d, default 1h) or a custom one (from and to, ISO 8601; at least 1 minute, at most ${MAX_RANGE_DAYS} days). ` +
        'Latency comes from InfluxDB (raw samples up to 1 h, the 1-minute rollup up to 24 h, the 1-hour rollup beyond; ' +
        'a coarser one when the finer one no longer covers `from`), else from the in-memory history (`source`). ' +
        'State bands from the stored state changes (PostgreSQL), DEGRADED from the target’s degradation incidents; ' +
        'watchdog actions are the events it reported (source watchdog); recent checks are the last 50 polls in the range.',
      tags: ['services'],
      auth: 'public',
      params: z.object({ name: targetName }),
      query: z.object({
        range: z.enum(presets).optional().describe('a preset ending now'),
        from: isoDate.optional().describe(`start of a custom range (with to; at most ${MAX_RANGE_DAYS} days)`),
        to: isoDate.optional().describe('end of a custom range (after from)'),
      }),
      responses: { 200: detailSchema, 400: 'problem', 404: 'problem' },
    },
    async ({ params, query }) => ({ status: 200, body: await getTargetDetail(deps, params.name, query) }),
  );
  return [api, uplotAssets()];
}
