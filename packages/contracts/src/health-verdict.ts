import { z } from 'zod';

/**
 * What a failing health check means, and so who acts on it: the one rule that ties a service's health report
 * (@erp/health), the observer's verdict and the watchdog's restarts together.
 * - `liveness`: the process itself is broken or hung (it does not answer, or its event loop is blocked): a restart cures it.
 * - `readiness`: something it needs is failing (a datastore, a downstream service): a restart does not help; the
 *   dependency is the root cause.
 * - `degradation`: it serves, but badly (error rate, latency, CPU, memory): a restart does not help either; alerted as DEGRADED.
 */
export const CHECK_IMPACTS = ['liveness', 'readiness', 'degradation'] as const;
export type CheckImpact = (typeof CHECK_IMPACTS)[number];

/** The system checks every member reports and what each means (see packages/health/README.md). */
export const SYSTEM_CHECK_IMPACTS: Readonly<Record<string, CheckImpact>> = Object.freeze({
  'eventloop:delay': 'liveness',
  uptime: 'degradation',
  'cpu:utilization': 'degradation',
  'memory:utilization': 'degradation',
  'http:responseTime': 'degradation',
  'http:errorRate': 'degradation',
});

/** The impact of a check by its name: a system check's own, and `readiness` for every dependency check (`postgres:responseTime`, `inventory:responseTime` …). */
export function checkImpact(name: string): CheckImpact {
  return SYSTEM_CHECK_IMPACTS[name] ?? 'readiness';
}

/**
 * Why a target's latest poll failed, as the observer tells the watchdog (`failure` in `GET /api/v1/services` and in
 * the stream's `state` events): `liveness` (no answer, an unreadable report, a liveness check failing), `readiness`
 * (only dependency checks failing), or null when the latest poll passed (failing degradation checks do not fail a poll).
 */
export const ProbeFailure = z.enum(['liveness', 'readiness']).nullable();
export type ProbeFailure = z.infer<typeof ProbeFailure>;

/** The failure of a health report whose failing checks are `failing` (names): the most severe impact, or null when only degradation checks fail. A report that fails without naming a check is a liveness failure. */
export function reportFailure(failing: readonly string[]): ProbeFailure {
  if (failing.length === 0) return 'liveness';
  const impacts = failing.map(checkImpact);
  if (impacts.includes('liveness')) return 'liveness';
  if (impacts.includes('readiness')) return 'readiness';
  return null;
}

/** Whether a restart can cure a target whose latest poll failed this way: only a liveness failure. */
export function restartCures(failure: ProbeFailure): boolean {
  return failure === 'liveness';
}
