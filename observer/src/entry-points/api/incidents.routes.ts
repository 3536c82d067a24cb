import { StoredEvent } from '@erp/contracts';
import { NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import type { IncidentQuery } from '../../data-access/alert.repository';
import { incidentDetail } from '../../domain/incident-detail.use-case';
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

const LATEST_TIME = Date.parse('9999-12-31T23:59:59.999Z');
/** An ISO time with offset between 1970 and 9999 (what PostgreSQL and a Date both hold). */
const timeQuery = isoDate.refine((value) => {
  const t = Date.parse(value);
  return t >= 0 && t <= LATEST_TIME;
}, 'a time between 1970 and 9999');

/** A target name, or a cause shared by several targets (`check:<component>`). */
const targetOrCause = z
  .string()
  .min(1)
  .max(128)
  .regex(/^(?:check:)?[a-z0-9][a-z0-9._:-]*$/i, 'a target name or check:<component>');

const incidentsQuery = z
  .strictObject({
    open: z.enum(['true', 'false']).optional().describe('true: open incidents only; false: closed ones only; unset: both'),
    from: timeQuery.optional().describe('incidents that were open at or after this time (an open one runs to now)'),
    to: timeQuery.optional().describe('incidents that started before this time'),
    target: targetOrCause.optional().describe('incidents this target caused or was affected by (or a cause, check:<component>)'),
    kind: z.enum(['down', 'degraded']).optional(),
    before: timeQuery
      .optional()
      .describe('keyset cursor: incidents that started before this time (the startedAt of the last incident of the previous page)'),
    beforeId: z.uuid().optional().describe('keyset cursor, with before: the id of the last incident of the previous page'),
    limit: limitQuery,
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] })
  .refine((q) => !q.beforeId || q.before !== undefined, {
    message: 'beforeId needs before (the startedAt of the same incident)',
    path: ['beforeId'],
  });

const muteSchema = z.object({
  type: z.enum(['silence', 'maintenance']),
  id: z.string(),
  target: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  recurrence: z.object({ daysOfWeek: z.array(z.number()), startTime: z.string(), durationMinutes: z.number() }).nullable(),
  comment: z.string(),
  targets: z.array(z.string()),
  periods: z.array(z.object({ from: z.string(), to: z.string() })),
  alertsMuted: z.number(),
});

const incidentDetailSchema = z.object({
  incident: incidentSchema,
  targets: z.array(z.string()),
  stateChanges: z.array(
    z.object({ at: z.string(), target: z.string(), from: z.string(), to: z.string(), rootCause: z.string().nullable() }),
  ),
  notifications: z.array(alertEntrySchema.omit({ incidentIds: true }).extend({ mutedBy: z.string().nullable() })),
  watchdogActions: z.array(StoredEvent),
  mutes: z.array(muteSchema),
});

/** The `Link` to the next page of a list that filled its page: the same filters, the last incident as keyset cursor. */
function nextLink(query: z.output<typeof incidentsQuery>, last: Incident): string {
  const params = new URLSearchParams();
  for (const key of ['open', 'from', 'to', 'target', 'kind'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  params.set('before', last.startedAt.toISOString());
  params.set('beforeId', last.id);
  params.set('limit', String(query.limit));
  return `</api/v1/incidents?${params.toString()}>; rel="next"`;
}

/** Incidents and the alert log. */
export function incidentsRoutes({
  alerts,
  events,
  mutes,
  config,
}: Pick<ObserverPipeline, 'alerts' | 'events' | 'mutes' | 'config'>): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/incidents',
      summary: 'Incidents, newest first (start, end, duration, cause, affected targets, notifications sent), filtered, by keyset pages',
      description:
        'Filters: `from`/`to` (incidents overlapping the range), `target`, `open`, `kind`. Pages: a full page answers a `Link: <…>; rel="next"` header; ' +
        'the next page is asked with `before` and `beforeId`, the `startedAt` and `id` of the last incident of this one.',
      tags: ['incidents'],
      auth: 'public',
      query: incidentsQuery,
      responses: { 200: z.array(incidentSchema) },
    },
    async ({ query }) => {
      const filters: IncidentQuery = {
        limit: query.limit,
        open: query.open === undefined ? undefined : query.open === 'true',
        before: query.before ? new Date(query.before) : undefined,
        beforeId: query.beforeId,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        target: query.target,
        kind: query.kind,
      };
      const list = await alerts.listIncidents(filters);
      const last = list.at(-1);
      return {
        status: 200,
        body: list.map(serializeIncident),
        ...(last && list.length === query.limit ? { headers: { link: nextLink(query, last) } } : {}),
      };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/incidents/{id}/detail',
      summary:
        'One incident and what happened around it: state changes of its targets, notifications (channel, outcome, attempts, error), watchdog actions, silences and maintenance that applied',
      description:
        'State changes of the affected targets (and the cause, when it is a target) from a minute before the start to a minute after the end; ' +
        'every alert log line about the incident; events from the watchdog on those targets from a minute before to five minutes after; ' +
        'silences and maintenance windows that covered a target while the incident lasted or muted one of its alerts. An open incident ends now.',
      tags: ['incidents'],
      auth: 'public',
      params: idParam,
      responses: { 200: incidentDetailSchema, 404: 'problem' },
    },
    async ({ params }) => {
      const detail = await incidentDetail(
        {
          alerts,
          activity: events.activity,
          muteRepo: mutes.muteRepo,
          labelsOf: (target) => config().targets.find((t) => t.name === target)?.labels,
        },
        params.id,
      );
      return { status: 200, body: { ...detail, incident: serializeIncident(detail.incident) } };
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
