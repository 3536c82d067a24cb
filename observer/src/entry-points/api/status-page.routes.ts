import { NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import type { ObservedService } from '@erp/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import type { ObserverPipeline } from '../../pipeline';
import type { HistoryPoint } from '../../storage/history-types';
import { BADGE_COLOURS, renderBadge } from './badge-svg';
import { targetName } from './schemas';

const DAY_MS = 86_400_000;
const STATUS_DAYS = 90;
const QUERY_CONCURRENCY = 8;
const publicState = z.enum(['up', 'degraded', 'pending', 'down', 'maintenance']);
type PublicState = z.output<typeof publicState>;
/** Worst first: a group shows the worst state of its targets. */
const SEVERITY: PublicState[] = ['down', 'degraded', 'pending', 'maintenance', 'up'];

const statusPageSchema = z.object({
  title: z.string(),
  updatedAt: z.string(),
  state: publicState,
  groups: z.array(
    z.object({
      name: z.string(),
      state: publicState,
      uptime90d: z.number().nullable(),
      days: z.array(z.object({ date: z.string(), uptime: z.number().nullable() })),
    }),
  ),
  incidents: z.array(
    z.object({
      impact: z.enum(['outage', 'degraded performance']),
      groups: z.array(z.string()),
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      durationSeconds: z.number(),
      summary: z.string(),
    }),
  ),
});

type Views = Pick<ObserverPipeline, 'states' | 'history' | 'alerts' | 'config'>;

/** The groups a customer sees: the config's `statusPage` block, else one group per target named after it. */
function publicGroups(config: ReturnType<ObserverPipeline['config']>): { title: string; groups: { name: string; targets: string[] }[] } {
  if (config.statusPage) return { title: config.statusPage.title, groups: config.statusPage.groups };
  return { title: 'Service status', groups: config.targets.map((t) => ({ name: t.name, targets: [t.name] })) };
}

function stateOf(service: Pick<ObservedService, 'state' | 'degraded'> | undefined): PublicState {
  if (!service) return 'pending';
  if (service.state === 'MAINTENANCE') return 'maintenance';
  if (service.state === 'DOWN') return 'down';
  if (service.state === 'PENDING') return 'pending';
  return service.degraded ? 'degraded' : 'up';
}

const worst = (states: PublicState[]): PublicState => SEVERITY.find((s) => states.includes(s)) ?? 'pending';

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min`;
  if (seconds < (2 * DAY_MS) / 1000) return `${Math.floor(seconds / 3_600)} h ${Math.round((seconds % 3_600) / 60)} min`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** 90 days of daily uptime (percent, one per UTC day, oldest first) over the listed targets, from the history's hourly buckets. */
async function dailyUptime(history: Views['history'], targets: string[], now: number) {
  const firstDay = Math.floor(now / DAY_MS) * DAY_MS - (STATUS_DAYS - 1) * DAY_MS;
  const up = new Array<number>(STATUS_DAYS).fill(0);
  const polls = new Array<number>(STATUS_DAYS).fill(0);
  // A few queries at a time: a group may hold many targets, and InfluxDB answers each in a few ms.
  const series: HistoryPoint[][] = [];
  for (let i = 0; i < targets.length; i += QUERY_CONCURRENCY)
    series.push(
      ...(await Promise.all(
        targets
          .slice(i, i + QUERY_CONCURRENCY)
          .map((service) =>
            history.history({ service, check: null, from: firstDay, to: now, resolution: '1h', limit: STATUS_DAYS * 24 + 24 }),
          ),
      )),
    );
  for (const points of series) {
    for (const point of points) {
      const day = Math.floor((Date.parse(point.t) - firstDay) / DAY_MS);
      if (day < 0 || day >= STATUS_DAYS || point.up === null || point.count <= 0) continue;
      up[day] = (up[day] as number) + point.up * point.count;
      polls[day] = (polls[day] as number) + point.count;
    }
  }
  const percent = (u: number, n: number) => (n > 0 ? Math.round((u / n) * 10_000) / 100 : null);
  const days = polls.map((n, i) => ({
    date: new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10),
    uptime: percent(up[i] as number, n),
  }));
  const total = polls.reduce((a, b) => a + b, 0);
  return {
    days,
    uptime90d: percent(
      up.reduce((a, b) => a + b, 0),
      total,
    ),
  };
}

/** The public status page (groups, daily uptime, past incidents in plain words) and the SVG badges per target. */
export function statusPageRoutes({ states, history, alerts, config }: Views): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  /** A badge exists for a target the status page lists (every target when there is no `statusPage` block). */
  const badgeTarget = (name: string): ObservedService => {
    const listed = publicGroups(config()).groups.some((g) => g.targets.includes(name));
    const service = listed ? states.services().find((s) => s.name === name) : undefined;
    if (!service) throw new NotFoundError('Badge', name);
    return service;
  };
  const svg = (res: Response, body: string) => {
    res.status(200).setHeader('content-type', 'image/svg+xml; charset=utf-8').setHeader('cache-control', 'max-age=30').end(body);
  };

  api.route(
    {
      method: 'get',
      path: '/status',
      summary: 'The public status page: per group, its state and 90 days of daily uptime, and past incidents in plain words',
      description:
        "Only public group names (the config's statusPage block; without it one group per target): no internal names, errors or addresses.",
      tags: ['status page'],
      auth: 'public',
      responses: { 200: statusPageSchema },
    },
    async () => {
      const now = Date.now();
      const { title, groups } = publicGroups(config());
      const services = new Map(states.services().map((s) => [s.name, s]));
      const body: z.output<typeof statusPageSchema> = {
        title,
        updatedAt: new Date(now).toISOString(),
        state: 'up',
        groups: [],
        incidents: [],
      };
      for (const group of groups) {
        const { days, uptime90d } = await dailyUptime(history, group.targets, now);
        body.groups.push({ name: group.name, state: worst(group.targets.map((t) => stateOf(services.get(t)))), uptime90d, days });
      }
      body.state = worst(body.groups.map((g) => g.state));
      const since = now - STATUS_DAYS * DAY_MS;
      for (const incident of await alerts.listIncidents({ limit: 200 })) {
        if (incident.startedAt.getTime() < since) continue;
        const affected = new Set(incident.affected.map((a) => a.target));
        const names = groups.filter((g) => g.targets.some((t) => affected.has(t))).map((g) => g.name);
        if (names.length === 0) continue;
        const impact = incident.kind === 'down' ? 'outage' : 'degraded performance';
        const durationSeconds = Math.round(((incident.endedAt?.getTime() ?? now) - incident.startedAt.getTime()) / 1000);
        const what = `${impact === 'outage' ? 'Outage' : 'Degraded performance'} affecting ${names.join(', ')}`;
        body.incidents.push({
          impact,
          groups: names,
          startedAt: incident.startedAt.toISOString(),
          endedAt: incident.endedAt ? incident.endedAt.toISOString() : null,
          durationSeconds,
          summary: incident.endedAt
            ? `${what}, resolved after ${duration(durationSeconds)}.`
            : `${what}, ongoing for ${duration(durationSeconds)}.`,
        });
      }
      return { status: 200, body };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/badges/{target}/status.svg',
      summary: "SVG badge of a target's state (up, down, degraded, pending, maintenance)",
      tags: ['status page'],
      auth: 'public',
      params: z.object({ target: targetName }),
      responses: { 200: { description: 'image/svg+xml badge, cached 30 s', schema: null }, 404: 'problem' },
    },
    ({ params, res }) => {
      const state = stateOf(badgeTarget(params.target));
      svg(res, renderBadge(params.target, state, BADGE_COLOURS[state]));
    },
  );
  api.route(
    {
      method: 'get',
      path: '/badges/{target}/uptime.svg',
      summary: "SVG badge of a target's uptime over 24h, 7d or 30d (percent, one decimal)",
      tags: ['status page'],
      auth: 'public',
      params: z.object({ target: targetName }),
      query: z.object({ period: z.enum(['24h', '7d', '30d']).default('24h') }),
      responses: { 200: { description: 'image/svg+xml badge, cached 30 s', schema: null }, 400: 'problem', 404: 'problem' },
    },
    ({ params, query, res }) => {
      const uptime = badgeTarget(params.target).uptime[query.period];
      const colour =
        uptime === null
          ? BADGE_COLOURS.unknown
          : uptime >= 99
            ? BADGE_COLOURS.up
            : uptime >= 95
              ? BADGE_COLOURS.degraded
              : BADGE_COLOURS.down;
      svg(res, renderBadge(`uptime ${query.period}`, uptime === null ? 'n/a' : `${uptime.toFixed(1)}%`, colour));
    },
  );
  return api;
}
