import { z } from 'zod';
import { ProbeFailure } from './health-verdict';

/**
 * The observer's API as the watchdog reads and writes it (one declaration for both sides): the services and their
 * verdicts (`GET /api/v1/services`), the stream's `state` events (`GET /api/v1/stream`) and the events other systems
 * report (`POST`/`GET /api/v1/events`). The observer answers in these shapes; a reader takes only the fields it needs.
 */

/** The observer's verdict on a target. DEGRADED is a flag on an answering target, not a state of its own. */
export const TargetState = z.enum(['UP', 'PENDING', 'DOWN', 'MAINTENANCE']);
export type TargetState = z.infer<typeof TargetState>;

/** A health status as the target reported it (normalised). */
export const ReportStatus = z.enum(['pass', 'warn', 'fail']);
export type ReportStatus = z.infer<typeof ReportStatus>;

/** How one poll went, as the dashboard's heartbeat bar colours it (and the stream's `sample` says): fine, answered but breaching a threshold, or failed. */
export const HeartbeatOutcome = z.enum(['ok', 'degraded', 'fail']);
export type HeartbeatOutcome = z.infer<typeof HeartbeatOutcome>;

/** One poll of a target: when, how it went, its latency and why it failed or breached (null when fine). */
export const Heartbeat = z.object({
  /** Epoch milliseconds when the poll started. */
  at: z.number(),
  outcome: HeartbeatOutcome,
  latencyMs: z.number(),
  reason: z.string().nullable(),
});
export type Heartbeat = z.infer<typeof Heartbeat>;

/**
 * The latest polls of a target, oldest first, in columns (entry i of each is poll i): 500 targets × 50 polls fit in one
 * snapshot of ~0.5 MB. `outcome` has one letter per poll: `o` ok, `d` degraded (answered, but breaching a threshold),
 * `f` failed; `reasons` maps a poll's index to why it failed or breached (error, failing checks, thresholds).
 */
export const Heartbeats = z.object({
  /** Epoch milliseconds when each poll started. */
  at: z.array(z.number()),
  latencyMs: z.array(z.number()),
  outcome: z.string().regex(/^[odf]*$/),
  reasons: z.record(z.string(), z.string()),
});
export type Heartbeats = z.infer<typeof Heartbeats>;

/** What the watchdog did about a target, derived from the events it reported (`source: watchdog`). */
export const WatchdogTargetState = z.object({
  /** Restarts it issued in the last 24 h (dry-run ones not counted). */
  restarts24h: z.number().int(),
  lastRestartAt: z.string().nullable(),
  /** When it is waiting out a backoff before the next restart: until when (ISO), else null. */
  backoffUntil: z.string().nullable(),
  /** It gave up on the target and will not restart it until cleared. */
  gaveUp: z.boolean(),
  gaveUpAt: z.string().nullable(),
  lastEvent: z.object({ kind: z.string(), at: z.string(), message: z.string() }).nullable(),
});
export type WatchdogTargetState = z.infer<typeof WatchdogTargetState>;

/** One target as `GET /api/v1/services` lists it: state, status, last values, root cause and uptime. */
export const ObservedService = z.object({
  name: z.string(),
  url: z.string(),
  kind: z.enum(['health', 'http']),
  state: TargetState,
  degraded: z.boolean(),
  degradedReasons: z.array(z.string()),
  status: ReportStatus.nullable(),
  since: z.string(),
  lastCheckAt: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  failure: ProbeFailure.describe(
    'why the latest poll failed: liveness (a restart can cure it), readiness (a dependency fails), null when it passed',
  ),
  dependsOn: z.array(z.string()),
  rootCause: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  intervalSeconds: z.number(),
  uptime: z.object({ '24h': z.number().nullable(), '7d': z.number().nullable(), '30d': z.number().nullable() }),
  checks: z.array(z.object({ name: z.string(), status: ReportStatus, value: z.number().nullable(), unit: z.string().nullable() })),
  /** p95 of the poll latency over the last hour (from the observer's memory), null before any poll. */
  p95LatencyMs: z.number().nullable().optional(),
  /** What the watchdog reported doing about this target; null when it never reported on it. */
  watchdog: WatchdogTargetState.nullable().optional(),
  /** The latest polls, oldest first, only when asked for (`?heartbeat=N`). */
  heartbeat: Heartbeats.optional(),
});
export type ObservedService = z.infer<typeof ObservedService>;

/** A `state` event of the live stream: a target changed state (or, from UP to UP, its degradation changed). */
export const StateChange = z.object({
  name: z.string(),
  from: TargetState,
  to: TargetState,
  /** ISO time of the change. */
  at: z.string(),
  rootCause: z.string().nullable(),
  failure: ProbeFailure,
  degraded: z.boolean().optional(),
  reasons: z.array(z.string()).optional(),
});
export type StateChange = z.infer<typeof StateChange>;

/** How bad a reported event is. */
export const EventSeverity = z.enum(['info', 'warning', 'critical']);
export type EventSeverity = z.infer<typeof EventSeverity>;

/** An event another system reports to the observer (`POST /api/v1/events`: the watchdog's restarts, gave-up …). */
export const NewEvent = z.strictObject({
  source: z.string().trim().min(1).max(100),
  kind: z.string().trim().min(1).max(100),
  target: z.string().trim().min(1).max(200),
  severity: EventSeverity,
  message: z.string().trim().min(1).max(4000),
  at: z.iso.datetime({ offset: true }).optional(),
  data: z
    .record(z.string(), z.unknown())
    .optional()
    .refine((d) => d === undefined || JSON.stringify(d).length <= 16_384, 'at most 16 KiB of JSON'),
});
export type NewEvent = z.input<typeof NewEvent>;

/** An event as the observer keeps it (`GET /api/v1/events`). */
export const StoredEvent = z.object({
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
export type StoredEvent = z.infer<typeof StoredEvent>;
