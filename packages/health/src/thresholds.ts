import { z } from 'zod';
import type { HealthStatus } from './health-status';

/** The system checks whose status comes from thresholds. */
export const THRESHOLD_METRICS = [
  'cpu:utilization',
  'memory:utilization',
  'eventloop:delay',
  'http:responseTime',
  'http:errorRate',
] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

/** A value strictly above `warn` is warn, strictly above `fail` is fail; `null` means never. */
export interface Threshold {
  warn: number | null;
  fail: number | null;
}

export type HealthThresholds = Record<ThresholdMetric, Threshold> & {
  /** Below this many requests in the window, http:errorRate and http:responseTime always pass (too few to judge). */
  minRequests: number;
};

/**
 * Sane defaults. CPU, memory, latency and error rate only warn by default: failing them would make /health 503 and
 * invite restarts under plain load or a flood of bad requests, which never helps (they are degradation checks, see
 * `checkImpact` in @erp/contracts). Only a blocked event loop fails: a hung process is what a restart cures.
 */
export const defaultThresholds: Readonly<HealthThresholds> = Object.freeze({
  'cpu:utilization': { warn: 90, fail: null }, // percent of one core
  'memory:utilization': { warn: 1024 * 1024 * 1024, fail: null }, // RSS bytes
  'eventloop:delay': { warn: 200, fail: 2000 }, // p99 ms
  'http:responseTime': { warn: 500, fail: null }, // p95 ms over the window
  'http:errorRate': { warn: 0.05, fail: null }, // ratio of 5xx over the window (4xx are the client's)
  minRequests: 10,
});

const limit = z.number().nonnegative().nullable();
const thresholdOverride = z.strictObject({ warn: limit.optional(), fail: limit.optional() });

/**
 * Schema of a thresholds override, e.g. parsed from a service's config (`HEALTH_THRESHOLDS` JSON):
 * `{ "http:responseTime": { "warn": 250 }, "minRequests": 20 }`. Omitted fields keep their defaults.
 */
export const healthThresholdsSchema = z.strictObject({
  'cpu:utilization': thresholdOverride.optional(),
  'memory:utilization': thresholdOverride.optional(),
  'eventloop:delay': thresholdOverride.optional(),
  'http:responseTime': thresholdOverride.optional(),
  'http:errorRate': thresholdOverride.optional(),
  minRequests: z.number().int().nonnegative().optional(),
});
export type HealthThresholdsInput = z.input<typeof healthThresholdsSchema>;

/** Defaults overlaid with an override; throws a ZodError naming the field when the override is invalid. */
export function resolveThresholds(input: HealthThresholdsInput = {}): HealthThresholds {
  const override = healthThresholdsSchema.parse(input);
  const resolved = { minRequests: override.minRequests ?? defaultThresholds.minRequests } as HealthThresholds;
  for (const metric of THRESHOLD_METRICS) {
    resolved[metric] = { ...defaultThresholds[metric], ...dropUndefined(override[metric]) };
  }
  return resolved;
}

function dropUndefined(threshold: Partial<Threshold> | undefined): Partial<Threshold> {
  const out: Partial<Threshold> = {};
  if (threshold?.warn !== undefined) out.warn = threshold.warn;
  if (threshold?.fail !== undefined) out.fail = threshold.fail;
  return out;
}

/** The status of `value` against a threshold. */
export function judge(value: number, threshold: Threshold): HealthStatus {
  if (threshold.fail !== null && value > threshold.fail) return 'fail';
  if (threshold.warn !== null && value > threshold.warn) return 'warn';
  return 'pass';
}
