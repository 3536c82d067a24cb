import { ApiRouter } from '@erp/service-kit';
import { NewEvent, StoredEvent } from '@erp/contracts';
import { z } from 'zod';
import { recordEvent, serializeEvent } from '../../domain/record-event.use-case';
import type { ObserverPipeline } from '../../pipeline';
import { EVENT_REPORTERS } from './observer-auth';
import { isoDate, limitQuery } from './schemas';

/** The event log: other systems (the watchdog) report what they did; critical events alert. */
export function eventsRoutes({ events }: Pick<ObserverPipeline, 'events'>): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'post',
      path: '/events',
      summary:
        'Report an event (admin or the watchdog): stored, shown on the dashboard, written to InfluxDB; severity critical alerts every channel',
      tags: ['events'],
      auth: EVENT_REPORTERS,
      body: NewEvent,
      responses: { 202: StoredEvent, 400: 'problem', 413: 'problem', 415: 'problem' },
    },
    async ({ body }) => {
      const saved = await recordEvent(events, {
        at: body.at ? new Date(body.at) : new Date(),
        source: body.source,
        kind: body.kind,
        target: body.target,
        severity: body.severity,
        message: body.message,
        data: body.data ?? null,
      });
      return { status: 202, body: serializeEvent(saved) };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/events',
      summary: 'Events, newest first (the watchdog reads its own back with source=watchdog when it starts)',
      tags: ['events'],
      auth: 'public',
      query: z.object({
        target: z.string().min(1).max(200).optional(),
        source: z.string().min(1).max(100).optional().describe('only events this system reported, e.g. watchdog'),
        before: isoDate.optional(),
        limit: limitQuery,
      }),
      responses: { 200: z.array(StoredEvent) },
    },
    async ({ query }) => {
      const list = await events.activity.listEvents({
        limit: query.limit,
        target: query.target,
        source: query.source,
        before: query.before ? new Date(query.before) : undefined,
      });
      return { status: 200, body: list.map(serializeEvent) };
    },
  );
  return api;
}
