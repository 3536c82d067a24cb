import cron from 'node-cron';
import { z } from 'zod';

/** Target and label names: what appears in alerts, URLs and InfluxDB tags. */
const nameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

const labelsSchema = z
  .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_.-]{0,62}$/, 'a label key: letters, digits, "_", "." or "-"'), z.string().max(200))
  .refine((labels) => Object.keys(labels).length <= 32, 'at most 32 labels');

/**
 * Limits that decide a target's state. Every field can be overridden per target.
 * A metric breach (CPU, memory, event-loop delay, p95, error rate, observed latency, or a `warn` report)
 * that lasts `degradedForSeconds` turns an answering target DEGRADED.
 */
const thresholdFields = {
  /** Consecutive failed polls before PENDING becomes DOWN. */
  failureThreshold: z.int().min(1).max(100),
  /** Consecutive good polls before a PENDING/DOWN target is UP again (hysteresis). */
  successThreshold: z.int().min(1).max(100),
  /** How long a metric breach must last before the target is DEGRADED (0 = at the first breaching poll). */
  degradedForSeconds: z.int().min(0).max(86_400),
  /** Round-trip latency of the poll itself, measured by the observer (ms). */
  latencyMs: z.number().positive().max(600_000),
  /** `cpu:utilization` from the health report (percent of one core). */
  cpuPercent: z.number().positive().max(10_000),
  /** `memory:utilization` from the health report (RSS bytes). */
  memoryBytes: z.number().positive(),
  /** `eventloop:delay` from the health report (p99 ms). */
  eventLoopDelayMs: z.number().positive().max(600_000),
  /** `http:responseTime` from the health report (p95 ms). */
  p95LatencyMs: z.number().positive().max(600_000),
  /** `http:errorRate` from the health report (ratio of 5xx answers, 0–1). */
  errorRate: z.number().min(0).max(1),
  /** Whether a report whose overall status is `warn` counts as a breach. */
  warnIsDegraded: z.boolean(),
};

/** The built-in defaults of every threshold. */
export const defaultThresholds = {
  failureThreshold: 3,
  successThreshold: 2,
  degradedForSeconds: 60,
  latencyMs: 2_000,
  cpuPercent: 90,
  memoryBytes: 1_536 * 1024 * 1024,
  eventLoopDelayMs: 200,
  p95LatencyMs: 1_000,
  errorRate: 0.05,
  warnIsDegraded: true,
} satisfies { [K in keyof typeof thresholdFields]: z.output<(typeof thresholdFields)[K]> };

/**
 * Limits that decide a target's state. Every field can be overridden per target.
 * A metric breach (CPU, memory, event-loop delay, p95, error rate, observed latency, or a `warn` report)
 * that lasts `degradedForSeconds` turns an answering target DEGRADED.
 */
export const thresholdsSchema = z.strictObject(thresholdFields);
/** Per-target overrides: any subset, no defaults of their own. */
const thresholdOverridesSchema = thresholdsSchema.partial();
export type Thresholds = z.output<typeof thresholdsSchema>;

/** One thing to watch. */
export const targetSchema = z.strictObject({
  /** Unique name; used in alerts, the API and as the InfluxDB `service` tag. */
  name: nameSchema,
  /** `health`: the URL answers application/health+json (e.g. http://127.0.0.1:8001/health). `http`: any URL; status code and latency. */
  url: z.url({ protocol: /^https?$/ }).max(2_000),
  kind: z.enum(['health', 'http']).default('health'),
  /** Poll interval in whole seconds (≥ 1); defaults to `defaults.intervalSeconds`. */
  intervalSeconds: z.int().min(1).max(86_400).optional(),
  /** Hard timeout of one poll (ms); defaults to `defaults.timeoutMs`. */
  timeoutMs: z.int().min(50).max(120_000).optional(),
  /** Other target names, or `check:<component>` for a check in this target's own health report (e.g. `check:postgres`). */
  dependsOn: z.array(z.string().min(1).max(70)).max(64).default([]),
  labels: labelsSchema.default({}),
  /** For `http` targets: status codes that count as up (default 200–399). */
  expectStatus: z.array(z.int().min(100).max(599)).min(1).max(50).optional(),
  /** Per-target overrides of `defaults.thresholds`. */
  thresholds: thresholdOverridesSchema.optional(),
});
export type TargetConfig = z.output<typeof targetSchema>;

const defaultsSchema = z.strictObject({
  intervalSeconds: z.int().min(1).max(86_400).default(10),
  timeoutMs: z.int().min(50).max(120_000).default(2_000),
  thresholds: thresholdOverridesSchema.transform((overrides) => ({ ...defaultThresholds, ...overrides })).prefault({}),
});

const schedulerSchema = z.strictObject({
  /** Most polls in flight at once. */
  concurrency: z.int().min(1).max(10_000).default(100),
  /** Each poll starts up to this many ms late, at random, so targets sharing an interval do not poll in lock-step. */
  jitterMs: z.int().min(0).max(60_000).default(250),
});

const alertingSchema = z.strictObject({
  /** Failures that start within this window go out as one message. */
  groupWindowSeconds: z.number().min(0).max(3_600).default(10),
  /** "Still down" reminders while an incident stays open (0 = never). */
  reminderIntervalSeconds: z
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(1_800),
  /** Link put in every alert. */
  dashboardUrl: z.url().max(2_000).default('http://127.0.0.1:8010/'),
  /** Delivery attempts per channel and message, with exponential backoff from `retryInitialDelayMs`. */
  retryAttempts: z.int().min(1).max(10).default(4),
  retryInitialDelayMs: z.int().min(1).max(600_000).default(1_000),
  /** Minimum gap between two messages on one channel, per channel name (Slack allows about one per second). */
  minIntervalMs: z.record(z.string(), z.int().min(0).max(3_600_000)).default({ slack: 1_000 }),
});

/** An InfluxQL duration in the given units (e.g. 'hdw' → 7d, 12h, 104w), defaulting to `example`. */
const influxDuration = (units: string, example: string) =>
  z
    .string()
    .regex(new RegExp(`^\\d+[${units}]$`), `an InfluxQL duration such as ${example}`)
    .default(example);

const influxSchema = z.strictObject({
  /** Flush when this many points are waiting… */
  batchSize: z.int().min(1).max(100_000).default(5_000),
  /** …or this often (ms), whichever comes first. */
  flushIntervalMs: z.int().min(50).max(60_000).default(1_000),
  /** Points kept while InfluxDB is down or slow; past it the oldest are dropped (and counted). */
  maxBufferedPoints: z.int().min(1_000).max(10_000_000).default(500_000),
  /** Timeout of one write request (ms). */
  writeTimeoutMs: z.int().min(100).max(120_000).default(5_000),
  /** Retention of raw samples (InfluxQL duration). */
  rawRetention: influxDuration('hdw', '7d'),
  /** Retention of the 1-minute and 1-hour rollups. */
  rollup1mRetention: influxDuration('hdw', '90d'),
  rollup1hRetention: influxDuration('hdw', '104w'),
  /** How often the 1-minute rollup is recomputed over the last 2 minutes (keeps it fresh and catches late, buffered points). */
  rollup1mResampleEvery: influxDuration('smh', '10s'),
});

const historySchema = z.strictObject({
  /** Recent samples kept in memory per target (for the dashboard, and the whole history when INFLUX_URL is unset). */
  samplesPerTarget: z.int().min(10).max(100_000).default(3_600),
});

const cronExpression = z
  .string()
  .min(1)
  .max(100)
  .refine((expression) => cron.validate(expression), 'a node-cron expression such as "0 0 7 * * *"');

const reportsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** node-cron expressions (6 fields allowed: seconds first), in `timezone`. */
  daily: cronExpression.default('0 0 7 * * *'),
  weekly: cronExpression.default('0 0 7 * * 1'),
  timezone: z.string().min(1).max(64).default('UTC'),
});

/** The public status page: its title and the groups a customer sees, each a public name over some targets. */
const statusPageSchema = z.strictObject({
  title: z.string().min(1).max(100).default('Service status'),
  groups: z
    .array(
      z.strictObject({
        /** Public display name of the group (shown to customers instead of the targets' internal names). */
        name: z.string().min(1).max(80),
        targets: z.array(nameSchema).min(1).max(1_000),
      }),
    )
    .min(1)
    .max(100),
});
export type StatusPageConfig = z.output<typeof statusPageSchema>;

/** The whole of `observer_config.json`. */
export const observerConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    defaults: defaultsSchema.prefault({}),
    targets: z.array(targetSchema).max(10_000),
    scheduler: schedulerSchema.prefault({}),
    alerting: alertingSchema.prefault({}),
    influx: influxSchema.prefault({}),
    history: historySchema.prefault({}),
    reports: reportsSchema.prefault({}),
    /** Optional: without it the public status page shows one group per target, named after it. */
    statusPage: statusPageSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.targets.forEach((target, index) => {
      if (names.has(target.name))
        ctx.addIssue({ code: 'custom', path: ['targets', index, 'name'], message: `duplicate target name "${target.name}"` });
      names.add(target.name);
    });
    config.targets.forEach((target, index) => {
      target.dependsOn.forEach((dep, depIndex) => {
        const path = ['targets', index, 'dependsOn', depIndex];
        if (dep.startsWith('check:')) {
          if (!/^check:[A-Za-z0-9._-]+$/.test(dep)) ctx.addIssue({ code: 'custom', path, message: `"${dep}" is not check:<component>` });
        } else if (!names.has(dep)) ctx.addIssue({ code: 'custom', path, message: `depends on unknown target "${dep}"` });
        else if (dep === target.name) ctx.addIssue({ code: 'custom', path, message: 'a target cannot depend on itself' });
      });
    });
    config.statusPage?.groups.forEach((group, index) => {
      if (config.statusPage?.groups.findIndex((g) => g.name === group.name) !== index)
        ctx.addIssue({ code: 'custom', path: ['statusPage', 'groups', index, 'name'], message: `duplicate group name "${group.name}"` });
      group.targets.forEach((target, targetIndex) => {
        if (!names.has(target))
          ctx.addIssue({
            code: 'custom',
            path: ['statusPage', 'groups', index, 'targets', targetIndex],
            message: `unknown target "${target}"`,
          });
      });
    });
    const cycle = findDependencyCycle(config.targets);
    if (cycle) ctx.addIssue({ code: 'custom', path: ['targets'], message: `dependency cycle: ${cycle.join(' → ')}` });
  });

export type ObserverConfig = z.output<typeof observerConfigSchema>;
export type ObserverConfigInput = z.input<typeof observerConfigSchema>;

function findDependencyCycle(targets: readonly { name: string; dependsOn: string[] }[]): string[] | null {
  const edges = new Map(targets.map((t) => [t.name, t.dependsOn.filter((d) => !d.startsWith('check:'))]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const dep of edges.get(name) ?? []) {
      const found = visit(dep, [...trail, name]);
      if (found) return found;
    }
    state.set(name, 'done');
    return null;
  };
  for (const name of edges.keys()) {
    const found = visit(name, []);
    if (found) return found;
  }
  return null;
}

/** The thresholds that apply to one target: defaults overlaid with its own. */
export function effectiveThresholds(config: ObserverConfig, target: TargetConfig): Thresholds {
  return { ...config.defaults.thresholds, ...target.thresholds };
}

/** The target's poll interval in whole seconds (its own, else the default). */
export function intervalSecondsOf(config: ObserverConfig, target: TargetConfig): number {
  return target.intervalSeconds ?? config.defaults.intervalSeconds;
}

/** The hard timeout of one poll of the target (its own, else the default). */
export function timeoutMsOf(config: ObserverConfig, target: TargetConfig): number {
  return target.timeoutMs ?? config.defaults.timeoutMs;
}
