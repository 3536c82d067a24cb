import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import type { ConfigStatus } from '../../config/config-watcher';
import type { ObserverPipeline } from '../../pipeline';
import { ADMINS } from './observer-auth';

const period = z.object({ period: z.enum(['daily', 'weekly']).default('daily') });

/** What the public may see of the config's state: when it was loaded, how many targets, the last refusal — not where the file lives on disk. */
function publicConfigStatus({ loadedAt, targets, lastError }: ConfigStatus): Omit<ConfigStatus, 'path'> {
  return { loadedAt, targets, lastError };
}

/** The performance report (on demand) and the observer's own state: config, storage, channels. */
export function observerRoutes({ reports, status }: Pick<ObserverPipeline, 'reports' | 'status'>): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/reports/performance',
      summary: 'The performance report for the last day or week, with recommendations',
      tags: ['reports'],
      auth: 'public',
      query: period,
      responses: { 200: z.looseObject({}) },
    },
    async ({ query }) => ({ status: 200, body: await reports.build(query.period) }),
  );
  api.route(
    {
      method: 'post',
      path: '/reports/performance/send',
      summary: 'Build the report and send it through every channel now (admin)',
      tags: ['reports'],
      auth: ADMINS,
      query: period,
      responses: { 202: z.looseObject({}) },
    },
    async ({ query }) => ({ status: 202, body: await reports.send(query.period) }),
  );
  api.route(
    {
      method: 'get',
      path: '/observer',
      summary: 'The config in use (and the last refused one), InfluxDB buffer and drop counters, alert channels, open incidents',
      tags: ['observer'],
      auth: 'public',
      responses: { 200: z.looseObject({}) },
    },
    () => {
      const now = status();
      return { status: 200, body: { ...now, config: publicConfigStatus(now.config) } };
    },
  );
  return api;
}
