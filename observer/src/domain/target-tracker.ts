import type { Thresholds } from '../config/observer-config.schema';
import type { ProbeCheck, ProbeResult, TargetState } from '../model/target-types';

/** A change the tracker made; the caller turns these into events, incidents and alerts. */
export type TrackerChange =
  | { type: 'state'; from: TargetState; to: TargetState; at: number }
  | { type: 'degraded'; degraded: boolean; reasons: string[]; at: number };

/**
 * The state machine of one target.
 * UP →(a failed poll) PENDING →(failureThreshold failures since the last stable UP) DOWN →(successThreshold good polls in a row) UP.
 * PENDING needs successThreshold good polls in a row to be UP again, so a flapping target neither ping-pongs nor hides.
 * MAINTENANCE overrides everything while a window is active. DEGRADED is a flag on an UP target whose metrics breach
 * a threshold for degradedForSeconds; it clears after successThreshold clean polls.
 */
export class TargetTracker {
  state: TargetState = 'PENDING';
  /** When the current state began (epoch ms). */
  since: number;
  /** When the current failure began (first failed poll after UP), or null while healthy. */
  failingSince: number | null = null;
  degraded = false;
  degradedReasons: string[] = [];
  last: ProbeResult | null = null;
  /** Every check that failed during the current failure (cleared when the target is UP again): the root cause is read from these, not from the latest poll. */
  failedChecks: ProbeCheck[] = [];
  /** When the target's current process started (from its `uptime` check), to tell a restarted process from the old one. */
  private incarnationStartedAt: number | null = null;
  private failures = 0;
  private successes = 0;
  private breachSince: number | null = null;
  private cleanPolls = 0;
  private judged = false;

  constructor(
    readonly name: string,
    public thresholds: Thresholds,
    now = Date.now(),
  ) {
    this.since = now;
  }

  /** Applies one poll result and returns what changed. */
  apply(result: ProbeResult): TrackerChange[] {
    this.last = result;
    if (this.state === 'MAINTENANCE') return [];
    const changes: TrackerChange[] = [];
    const at = result.at;
    this.noteIncarnation(result);
    if (result.ok) {
      this.failures = this.state === 'UP' ? 0 : this.failures;
      this.successes += 1;
      const recovering = this.state === 'DOWN' || (this.state === 'PENDING' && this.judged);
      if (!this.judged || (recovering && this.successes >= this.thresholds.successThreshold)) {
        this.judged = true;
        this.failures = 0;
        this.failingSince = null;
        this.failedChecks = [];
        this.moveTo('UP', at, changes);
      }
      if (this.state === 'UP') this.evaluateMetrics(result, at, changes);
    } else {
      this.successes = 0;
      this.failures += 1;
      this.failingSince ??= at;
      this.judged = true;
      const failed = result.checks.filter((c) => c.status === 'fail');
      this.failedChecks = [...this.failedChecks.filter((c) => !failed.some((f) => f.name === c.name)), ...failed];
      this.clearDegraded(at, changes);
      if (this.failures >= this.thresholds.failureThreshold) this.moveTo('DOWN', at, changes);
      else if (this.state === 'UP') this.moveTo('PENDING', at, changes);
    }
    return changes;
  }

  /** Enters or leaves a maintenance window. On leaving, the target is judged afresh from its next polls. */
  setMaintenance(active: boolean, at = Date.now()): TrackerChange[] {
    const changes: TrackerChange[] = [];
    if (active && this.state !== 'MAINTENANCE') {
      this.clearDegraded(at, changes);
      this.failingSince = null;
      this.failedChecks = [];
      this.moveTo('MAINTENANCE', at, changes);
    } else if (!active && this.state === 'MAINTENANCE') {
      this.failures = 0;
      this.successes = 0;
      this.judged = false;
      this.moveTo('PENDING', at, changes);
    }
    return changes;
  }

  /**
   * A target that answers with a much later start time than before is a new process (restarted): the failures and
   * the breach of the old process do not count against it. The state itself still changes only by the usual rules.
   */
  private noteIncarnation(result: ProbeResult): void {
    const uptime = checkValue(result.checks, 'uptime');
    if (uptime === null) return;
    const startedAt = result.at - uptime * 1000;
    if (this.incarnationStartedAt !== null && startedAt > this.incarnationStartedAt + INCARNATION_TOLERANCE_MS) {
      this.failures = 0;
      this.breachSince = null;
    }
    if (this.incarnationStartedAt === null || startedAt > this.incarnationStartedAt + INCARNATION_TOLERANCE_MS)
      this.incarnationStartedAt = startedAt;
  }

  private moveTo(to: TargetState, at: number, changes: TrackerChange[]): void {
    if (to === this.state) return;
    changes.push({ type: 'state', from: this.state, to, at });
    this.state = to;
    this.since = at;
  }

  private evaluateMetrics(result: ProbeResult, at: number, changes: TrackerChange[]): void {
    const reasons = breaches(result, this.thresholds);
    if (reasons.length === 0) {
      this.breachSince = null;
      this.cleanPolls += 1;
      if (this.degraded && this.cleanPolls >= this.thresholds.successThreshold) this.clearDegraded(at, changes);
      return;
    }
    this.cleanPolls = 0;
    this.breachSince ??= at;
    this.degradedReasons = reasons;
    if (!this.degraded && at - this.breachSince >= this.thresholds.degradedForSeconds * 1000) {
      this.degraded = true;
      changes.push({ type: 'degraded', degraded: true, reasons, at });
    }
  }

  private clearDegraded(at: number, changes: TrackerChange[]): void {
    this.breachSince = null;
    this.cleanPolls = 0;
    if (!this.degraded) return;
    this.degraded = false;
    this.degradedReasons = [];
    changes.push({ type: 'degraded', degraded: false, reasons: [], at });
  }
}

/** `uptime` is whole seconds and polls run late under load: start times closer than this are the same process. */
const INCARNATION_TOLERANCE_MS = 5000;

const METRICS: { check: string; limit: (t: Thresholds) => number; label: string; unit: string }[] = [
  { check: 'cpu:utilization', limit: (t) => t.cpuPercent, label: 'CPU', unit: '%' },
  { check: 'memory:utilization', limit: (t) => t.memoryBytes, label: 'memory', unit: ' bytes' },
  { check: 'eventloop:delay', limit: (t) => t.eventLoopDelayMs, label: 'event-loop delay', unit: ' ms' },
  { check: 'http:responseTime', limit: (t) => t.p95LatencyMs, label: 'p95 latency', unit: ' ms' },
  { check: 'http:errorRate', limit: (t) => t.errorRate, label: 'error rate', unit: '' },
];

/** The thresholds a good poll breaches, as readable reasons ("p95 latency 1200 ms > 1000 ms"). */
export function breaches(result: ProbeResult, thresholds: Thresholds): string[] {
  const reasons: string[] = [];
  if (result.latencyMs > thresholds.latencyMs)
    reasons.push(`response time ${Math.round(result.latencyMs)} ms > ${thresholds.latencyMs} ms`);
  for (const metric of METRICS) {
    const value = checkValue(result.checks, metric.check);
    const limit = metric.limit(thresholds);
    if (value !== null && value > limit)
      reasons.push(`${metric.label} ${formatNumber(value)}${metric.unit} > ${formatNumber(limit)}${metric.unit}`);
  }
  if (result.status === 'fail') {
    // Failing only degradation checks (the poll is ok): always a breach, whatever warnIsDegraded says.
    reasons.push(
      `reports fail: ${result.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.name)
        .join(', ')}`,
    );
  } else if (thresholds.warnIsDegraded && result.status === 'warn') {
    const warning = result.checks.filter((c) => c.status !== 'pass').map((c) => c.name);
    reasons.push(`reports warn${warning.length ? `: ${warning.join(', ')}` : ''}`);
  }
  return reasons;
}

function checkValue(checks: ProbeCheck[], name: string): number | null {
  return checks.find((c) => c.name === name)?.value ?? null;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 3 : 1);
}
