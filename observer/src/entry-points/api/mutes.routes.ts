import { NotFoundError, UnprocessableError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import { maintenanceActive } from '../../model/mute-rules';
import type { MaintenanceEntity, SilenceEntity } from '../../data-access/entities';
import { createMaintenance, createSilence, deleteMaintenance, endMaintenanceNow, expireSilence } from '../../domain/mutes.use-case';
import type { ObserverPipeline } from '../../pipeline';
import { callerName } from '@erp/auth';
import { ADMINS } from './observer-auth';
import { idParam, maintenanceSchema, newMaintenanceSchema, newSilenceSchema, publicSilenceSchema, silenceSchema } from './schemas';

/** A silence as anyone may read it: who created it is left out (an admin's email is not for an open dashboard). */
const publicSilence = (s: SilenceEntity, now = Date.now()) => ({
  id: s.id,
  target: s.target,
  labels: s.labels,
  startsAt: s.startsAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
  comment: s.comment,
  createdAt: s.createdAt.toISOString(),
  active: s.startsAt.getTime() <= now && now < s.expiresAt.getTime(),
});

/** A silence as its admin creator sees it. */
const serializeSilence = (s: SilenceEntity) => ({ ...publicSilence(s), createdBy: s.createdBy });

const serializeMaintenance = (m: MaintenanceEntity, now = Date.now()) => ({
  id: m.id,
  target: m.target,
  labels: m.labels,
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt ? m.endsAt.toISOString() : null,
  recurrence: m.recurrence,
  comment: m.comment,
  active: maintenanceActive(m, now),
});

/** Silences and maintenance windows: anyone reads them, admins write them. */
export function mutesRoutes({ mutes, states }: Pick<ObserverPipeline, 'mutes' | 'states'>): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  const knownTarget = (target: string | undefined) => {
    if (target !== undefined && !states.hasTarget(target)) throw new UnprocessableError(`no target named "${target}"`, { field: 'target' });
  };

  api.route(
    {
      method: 'get',
      path: '/silences',
      summary: 'Silences (current and scheduled; all=true adds expired ones); without their creators',
      tags: ['silences'],
      auth: 'public',
      query: z.object({ all: z.enum(['true', 'false']).default('false') }),
      responses: { 200: z.array(publicSilenceSchema) },
    },
    async ({ query }) => ({ status: 200, body: (await mutes.muteRepo.listSilences(query.all === 'true')).map((s) => publicSilence(s)) }),
  );
  api.route(
    {
      method: 'post',
      path: '/silences',
      summary: 'Mute alerts for a target and/or a label set until it expires (admin)',
      tags: ['silences'],
      auth: ADMINS,
      body: newSilenceSchema,
      responses: { 201: silenceSchema, 400: 'problem', 422: 'problem' },
    },
    async ({ body, principal }) => {
      knownTarget(body.target);
      const startsAt = body.startsAt ? new Date(body.startsAt) : new Date();
      const expiresAt = body.expiresAt ? new Date(body.expiresAt) : new Date(startsAt.getTime() + (body.durationMinutes ?? 0) * 60_000);
      if (expiresAt.getTime() <= startsAt.getTime())
        throw new UnprocessableError('expiresAt must be after startsAt', { field: 'expiresAt' });
      const silence = await createSilence(mutes, {
        target: body.target ?? null,
        labels: body.labels ?? {},
        startsAt,
        expiresAt,
        comment: body.comment,
        createdBy: body.createdBy ?? callerName(principal),
      });
      return { status: 201, body: serializeSilence(silence), headers: { location: `/api/v1/silences/${silence.id}` } };
    },
  );
  api.route(
    {
      method: 'delete',
      path: '/silences/{id}',
      summary: 'Expire a silence now (admin)',
      tags: ['silences'],
      auth: ADMINS,
      params: idParam,
      responses: { 204: null, 404: 'problem' },
    },
    async ({ params }) => {
      if (!(await expireSilence(mutes, params.id))) throw new NotFoundError('Silence', params.id);
      return { status: 204 };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/maintenance',
      summary: 'Maintenance windows that are not over (all=true adds the 100 that ended last)',
      tags: ['maintenance'],
      auth: 'public',
      query: z.object({ all: z.enum(['true', 'false']).default('false') }),
      responses: { 200: z.array(maintenanceSchema) },
    },
    async ({ query }) => {
      const now = new Date();
      const current = (await mutes.muteRepo.currentMaintenance(now)) as MaintenanceEntity[];
      const ended = query.all === 'true' ? await mutes.muteRepo.endedMaintenance(100, now) : [];
      return { status: 200, body: [...current, ...ended].map((m) => serializeMaintenance(m, now.getTime())) };
    },
  );
  api.route(
    {
      method: 'post',
      path: '/maintenance',
      summary: 'Plan a maintenance window, one-off or weekly (admin): targets show MAINTENANCE, alerts are muted, uptime excludes it',
      tags: ['maintenance'],
      auth: ADMINS,
      body: newMaintenanceSchema,
      responses: { 201: maintenanceSchema, 400: 'problem', 422: 'problem' },
    },
    async ({ body }) => {
      knownTarget(body.target);
      const window = await createMaintenance(mutes, {
        target: body.target ?? null,
        labels: body.labels ?? {},
        startsAt: body.startsAt ? new Date(body.startsAt) : new Date(),
        endsAt: body.endsAt ? new Date(body.endsAt) : null,
        recurrence: body.recurrence ?? null,
        comment: body.comment,
      });
      return { status: 201, body: serializeMaintenance(window), headers: { location: `/api/v1/maintenance/${window.id}` } };
    },
  );
  api.route(
    {
      method: 'post',
      path: '/maintenance/{id}/end',
      summary: 'End a running maintenance window now (admin); a weekly one has no further occurrences',
      tags: ['maintenance'],
      auth: ADMINS,
      params: idParam,
      responses: { 200: maintenanceSchema, 404: 'problem', 409: 'problem' },
    },
    async ({ params }) => ({ status: 200, body: serializeMaintenance(await endMaintenanceNow(mutes, params.id)) }),
  );
  api.route(
    {
      method: 'delete',
      path: '/maintenance/{id}',
      summary: 'Delete a maintenance window (admin)',
      tags: ['maintenance'],
      auth: ADMINS,
      params: idParam,
      responses: { 204: null, 404: 'problem' },
    },
    async ({ params }) => {
      if (!(await deleteMaintenance(mutes, params.id))) throw new NotFoundError('Maintenance window', params.id);
      return { status: 204 };
    },
  );
  return api;
}
