import { ProbeFailure } from '@erp/contracts';
import { z } from 'zod';

/** Shared request/response schemas of the observer API. */
export const targetName = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'a target name');
export const labels = z.record(z.string().min(1).max(63).regex(/^[a-zA-Z_][a-zA-Z0-9_.-]*$/, 'a label key'), z.string().max(200)).refine((l) => Object.keys(l).length <= 32, 'at most 32 labels');
export const isoDate = z.iso.datetime({ offset: true });
export const idParam = z.object({ id: z.uuid() });
export const limitQuery = z.coerce.number().int().min(1).max(1000).default(100);

export const serviceSchema = z.object({
  name: z.string(),
  url: z.string(),
  kind: z.enum(['health', 'http']),
  state: z.enum(['UP', 'PENDING', 'DOWN', 'MAINTENANCE']),
  degraded: z.boolean(),
  degradedReasons: z.array(z.string()),
  status: z.enum(['pass', 'warn', 'fail']).nullable(),
  since: z.string(),
  lastCheckAt: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  failure: ProbeFailure.describe('why the latest poll failed: liveness (a restart can cure it), readiness (a dependency fails), null when it passed'),
  dependsOn: z.array(z.string()),
  rootCause: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  intervalSeconds: z.number(),
  uptime: z.object({ '24h': z.number().nullable(), '7d': z.number().nullable(), '30d': z.number().nullable() }),
  checks: z.array(z.object({ name: z.string(), status: z.enum(['pass', 'warn', 'fail']), value: z.number().nullable(), unit: z.string().nullable() })),
});

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
  affected: z.array(z.object({ target: z.string(), since: z.string(), endedAt: z.string().nullable(), detail: z.string(), announced: z.boolean(), mutedBy: z.string().nullable() })),
  notificationsSent: z.number(),
});

/** A silence needs a target, labels, or both; it ends at `expiresAt` (or after `durationMinutes`). */
export const newSilenceSchema = z
  .strictObject({
    target: targetName.optional(),
    labels: labels.optional(),
    startsAt: isoDate.optional(),
    expiresAt: isoDate.optional(),
    durationMinutes: z.int().min(1).max(366 * 24 * 60).optional(),
    comment: z.string().trim().min(1).max(1000),
    createdBy: z.string().trim().min(1).max(200).optional(),
  })
  .refine((s) => s.target !== undefined || Object.keys(s.labels ?? {}).length > 0, { message: 'give a target, labels, or both', path: ['target'] })
  .refine((s) => (s.expiresAt === undefined) !== (s.durationMinutes === undefined), { message: 'give exactly one of expiresAt and durationMinutes', path: ['expiresAt'] });

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
  durationMinutes: z.int().min(1).max(7 * 24 * 60),
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
  .refine((m) => m.target !== undefined || Object.keys(m.labels ?? {}).length > 0, { message: 'give a target, labels, or both', path: ['target'] })
  .refine((m) => m.recurrence !== undefined || (m.startsAt !== undefined && m.endsAt !== undefined), { message: 'a one-off window needs startsAt and endsAt', path: ['endsAt'] })
  .refine((m) => !m.startsAt || !m.endsAt || Date.parse(m.endsAt) > Date.parse(m.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });

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

/** An event another system reports (the watchdog's restarts, gave-up …). */
export const newEventSchema = z.strictObject({
  source: z.string().trim().min(1).max(100),
  kind: z.string().trim().min(1).max(100),
  target: z.string().trim().min(1).max(200),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string().trim().min(1).max(4000),
  at: isoDate.optional(),
  data: z.record(z.string(), z.unknown()).optional().refine((d) => d === undefined || JSON.stringify(d).length <= 16_384, 'at most 16 KiB of JSON'),
});

export const eventSchema = z.object({
  id: z.string(),
  at: z.string(),
  receivedAt: z.string(),
  source: z.string(),
  kind: z.string(),
  target: z.string(),
  severity: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
