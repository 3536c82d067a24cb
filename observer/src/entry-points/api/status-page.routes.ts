import { ApiRouter } from '@erp/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { badgeTarget, PUBLIC_STATES, publicStateOf, statusPage } from '../../domain/status-page.use-case';
import type { ObserverPipeline } from '../../pipeline';
import { BADGE_COLOURS, renderBadge } from './badge-svg';
import { targetName } from './schemas';

const publicState = z.enum(PUBLIC_STATES);

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

/** The public status page (groups, daily uptime, past incidents in plain words) and the SVG badges per target. */
export function statusPageRoutes({ states, history, alerts, config }: Views): ApiRouter {
  const deps = { services: () => states.services(), history, listIncidents: (o: { limit: number }) => alerts.listIncidents(o), config };
  const api = new ApiRouter({ prefix: '/api/v1' });
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
    async () => ({ status: 200, body: await statusPage(deps, Date.now()) }),
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
      const state = publicStateOf(badgeTarget(deps, params.target));
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
      const uptime = badgeTarget(deps, params.target).uptime[query.period];
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
