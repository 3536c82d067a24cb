import { z } from 'zod';

/** Request/response schemas of the observer API that are the observer's own (what the watchdog shares is in @erp/contracts). */
export const targetName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a target name');
export const labels = z
  .record(
    z
      .string()
      .min(1)
      .max(63)
      .regex(/^[a-zA-Z_][a-zA-Z0-9_.-]*$/, 'a label key'),
    z.string().max(200),
  )
  .refine((l) => Object.keys(l).length <= 32, 'at most 32 labels');
export const isoDate = z.iso.datetime({ offset: true });
export const idParam = z.object({ id: z.uuid() });
export const limitQuery = z.coerce.number().int().min(1).max(1000).default(100);

export const historyPointSchema = z.object({
  t: z.string(),
  count: z.number(),
  mean: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
  up: z.number().nullable(),
});

export const incidentSchema = z.object({
  id: z.string(),
  kind: z.enum(['down', 'degraded']),
  cause: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number(),
  affected: z.array(
    z.object({
      target: z.string(),
      since: z.string(),
      endedAt: z.string().nullable(),
      detail: z.string(),
      announced: z.boolean(),
      mutedBy: z.string().nullable(),
    }),
  ),
  notificationsSent: z.number(),
});

/** A silence needs a target, labels, or both; it ends at `expiresAt` (or after `durationMinutes`). */
export const newSilenceSchema = z
  .strictObject({
    target: targetName.optional(),
    labels: labels.optional(),
    startsAt: isoDate.optional(),
    expiresAt: isoDate.optional(),
    durationMinutes: z
      .int()
      .min(1)
      .max(366 * 24 * 60)
      .optional(),
    comment: z.string().trim().min(1).max(1000),
    createdBy: z.string().trim().min(1).max(200).optional(),
  })
  .refine((s) => s.target !== undefined || Object.keys(s.labels ?? {}).length > 0, {
    message: 'give a target, labels, or both',
    path: ['target'],
  })
  .refine((s) => (s.expiresAt === undefined) !== (s.durationMinutes === undefined), {
    message: 'give exactly one of expiresAt and durationMinutes',
    path: ['expiresAt'],
  });

export const silenceSchema = z.object({
  id: z.string(),
  target: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.string(),
  expiresAt: z.string(),
  comment: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  active: z.boolean(),
});

/** A silence in the public list: without `createdBy`. */
export const publicSilenceSchema = silenceSchema.omit({ createdBy: true });

const recurrenceSchema = z.strictObject({
  daysOfWeek: z.array(z.int().min(0).max(6)).min(1).max(7),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (UTC)'),
  durationMinutes: z
    .int()
    .min(1)
    .max(7 * 24 * 60),
});

/** One-off (startsAt + endsAt) or weekly recurring (recurrence, optional startsAt/endsAt bounding it), in UTC. */
export const newMaintenanceSchema = z
  .strictObject({
    target: targetName.optional(),
    labels: labels.optional(),
    startsAt: isoDate.optional(),
    endsAt: isoDate.optional(),
    recurrence: recurrenceSchema.optional(),
    comment: z.string().trim().min(1).max(1000),
  })
  .refine((m) => m.target !== undefined || Object.keys(m.labels ?? {}).length > 0, {
    message: 'give a target, labels, or both',
    path: ['target'],
  })
  .refine((m) => m.recurrence !== undefined || (m.startsAt !== undefined && m.endsAt !== undefined), {
    message: 'a one-off window needs startsAt and endsAt',
    path: ['endsAt'],
  })
  .refine((m) => !m.startsAt || !m.endsAt || Date.parse(m.endsAt) > Date.parse(m.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });

export const maintenanceSchema = z.object({
  id: z.string(),
  target: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  recurrence: recurrenceSchema.nullable(),
  comment: z.string(),
  active: z.boolean(),
});
