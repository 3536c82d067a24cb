import { NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import type { Incident } from '../../model/incident';
import type { ObserverPipeline } from '../../pipeline';
import { idParam, incidentSchema, isoDate, limitQuery } from './schemas';

const serializeIncident = (i: Incident) => ({
  id: i.id,
  kind: i.kind,
  cause: i.cause,
  startedAt: i.startedAt.toISOString(),
  endedAt: i.endedAt ? i.endedAt.toISOString() : null,
  durationSeconds: ((i.endedAt?.getTime() ?? Date.now()) - i.startedAt.getTime()) / 1000,
  affected: i.affected,
  notificationsSent: i.notificationsSent,
});

const alertEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  channel: z.string(),
  outcome: z.string(),
  title: z.string(),
  targets: z.array(z.string()),
  incidentIds: z.array(z.string()),
  attempts: z.number(),
  error: z.string().nullable(),
});

/** Incidents and the alert log. */
export function incidentsRoutes({ alerts }: Pick<ObserverPipeline, 'alerts'>): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/incidents',
      summary: 'Incidents, newest first (start, end, duration, cause, affected targets, notifications sent)',
      tags: ['incidents'],
      auth: 'public',
      query: z.object({ open: z.enum(['true', 'false']).optional(), before: isoDate.optional(), limit: limitQuery }),
      responses: { 200: z.array(incidentSchema) },
    },
    async ({ query }) => {
      const list = await alerts.listIncidents({
        limit: query.limit,
        open: query.open === 'true',
        before: query.before ? new Date(query.before) : undefined,
      });
      return { status: 200, body: list.map(serializeIncident) };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/incidents/{id}',
      summary: 'One incident',
      tags: ['incidents'],
      auth: 'public',
      params: idParam,
      responses: { 200: incidentSchema, 404: 'problem' },
    },
    async ({ params }) => {
      const incident = await alerts.getIncident(params.id);
      if (!incident) throw new NotFoundError('Incident', params.id);
      return { status: 200, body: serializeIncident(incident) };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/alerts',
      summary: 'The alert log, newest first: every message per channel (sent / failed after retries) and every muted or suppressed alert',
      tags: ['alerts'],
      auth: 'public',
      query: z.object({
        beforeId: z
          .string()
          .regex(/^\d{1,18}$/, 'an alert id')
          .optional(),
        limit: limitQuery,
      }),
      responses: { 200: z.array(alertEntrySchema) },
    },
    async ({ query }) => {
      const list = await alerts.listAlerts({ limit: query.limit, beforeId: query.beforeId });
      return { status: 200, body: list.map((a) => ({ ...a, at: a.at.toISOString() })) };
    },
  );
  return api;
}
