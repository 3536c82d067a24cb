import { ConflictError, NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import { EVENT_KINDS } from '../../domain/watchdog-event';
import type { ClearResult } from '../../domain/decision-loop';
import type { WatchdogStatus } from '../../domain/watchdog-status';
import { callerName } from '@erp/auth';
import { ADMINS } from './watchdog-auth';

const targetName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, { error: 'expected a target name (letters, digits, . _ -; at most 128)' });

const eventSchema = z.object({
  seq: z.number().int(),
  kind: z.enum(EVENT_KINDS),
  target: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  at: z.string(),
  dryRun: z.boolean(),
  data: z.record(z.string(), z.unknown()),
});

/** What the routes use: the status view to read, and the decision loop's `clear` to lift a give-up mark. */
export interface WatchdogApi {
  view: Pick<WatchdogStatus, 'status' | 'knows' | 'listEvents'>;
  clear(name: string, by: string): ClearResult;
}

/**
 * `/api/v1/status`, `/api/v1/events` (public, like the observer's dashboard reads: operational state, no personal
 * data) and `POST /api/v1/targets/{name}/clear` (admins: an hr token with role admin, or WATCHDOG_ADMIN_TOKEN).
 */
export function watchdogRoutes(watchdog: WatchdogApi, options: { eventsLimit: number }): ApiRouter {
  const api = new ApiRouter();

  api.route(
    {
      method: 'get',
      path: '/api/v1/status',
      tags: ['watchdog'],
      auth: 'public',
      summary: 'Targets, their verdicts, restarts, backoff and give-up marks; where verdicts come from; the driver and the budget',
      responses: {
        200: z.looseObject({
          dryRun: z.boolean(),
          verdictSource: z.enum(['observer', 'driver']),
          targets: z.array(z.looseObject({ name: z.string() })),
        }),
      },
    },
    () => ({ status: 200, body: watchdog.view.status() }),
  );

  api.route(
    {
      method: 'get',
      path: '/api/v1/events',
      tags: ['watchdog'],
      auth: 'public',
      summary:
        'Every decision and action, oldest first (the last WATCHDOG_EVENT_CAPACITY; read back from the observer when the watchdog starts)',
      query: z.object({
        after: z.coerce.number().int().min(0).optional().describe('only events with a greater seq'),
        target: targetName.optional(),
        kind: z.enum(EVENT_KINDS).optional(),
        limit: z.coerce.number().int().min(1).max(options.eventsLimit).default(Math.min(200, options.eventsLimit)).describe('newest N'),
      }),
      responses: { 200: z.array(eventSchema), 400: 'problem' },
    },
    ({ query }) => ({ status: 200, body: watchdog.view.listEvents(query) }),
  );

  api.route(
    {
      method: 'post',
      path: '/api/v1/targets/{name}/clear',
      tags: ['watchdog'],
      auth: ADMINS,
      summary: 'Clear the give-up mark of a target so the watchdog may restart it again (role admin, or bearer WATCHDOG_ADMIN_TOKEN)',
      params: z.object({ name: targetName }),
      responses: { 200: z.object({ name: z.string(), cleared: z.literal(true) }), 404: 'problem', 409: 'problem' },
    },
    ({ params, principal }) => {
      if (!watchdog.view.knows(params.name)) throw new NotFoundError('target', params.name);
      if (watchdog.clear(params.name, callerName(principal)) === 'not-marked')
        throw new ConflictError(`target ${params.name} is not marked as given up`);
      return { status: 200, body: { name: params.name, cleared: true as const } };
    },
  );
  return api;
}
