import type { ProbeFailure, ReportStatus, TargetState } from '@erp/contracts';

/** The target states and report statuses are the wire format the watchdog reads too (@erp/contracts). */
export type { ReportStatus, TargetState } from '@erp/contracts';

/** One check read from a target's health report. */
export interface ProbeCheck {
  /** `component:measurement`, e.g. `postgres:responseTime`. */
  name: string;
  componentType: string | null;
  componentId: string | null;
  /** The numeric observed value, or null when the check reported none (or a non-number). */
  value: number | null;
  unit: string | null;
  status: ReportStatus;
}

/** The outcome of one poll. */
export interface ProbeResult {
  target: string;
  /** Epoch ms when the poll started. */
  at: number;
  /** The target answered and is not failing: `failure` is null (a report failing only degradation checks is ok). */
  ok: boolean;
  /** Why the poll failed (the contract in @erp/contracts): `liveness` (a restart can cure it), `readiness` (a dependency fails), or null. */
  failure: ProbeFailure;
  latencyMs: number;
  httpStatus: number | null;
  /** The report's overall status for health targets; pass/fail for plain HTTP targets; null when nothing answered. */
  status: ReportStatus | null;
  /** Why the poll failed (connection refused, timeout, invalid report …), or null. */
  error: string | null;
  checks: ProbeCheck[];
}

/** What the alert engine reads about a target (its state as the observer tracks it). */
export interface TargetView {
  name: string;
  state: TargetState;
  degraded: boolean;
  degradedReasons: string[];
  failingSince: number | null;
  labels: Record<string, string>;
  rootCause: string | null;
  last: ProbeResult | null;
  /** Longest time from the first failed poll to DOWN (failureThreshold × interval + timeout). */
  settleMs: number;
}

/** Reads the current view of one target (a read-only query a later stage gets at wiring time). */
export type TargetLookup = (name: string) => TargetView | undefined;

/** What the state stage hands on: a target changed state, or its DEGRADED flag changed. */
export type TargetChange =
  | { type: 'state'; name: string; from: TargetState; to: TargetState; at: number }
  | { type: 'degraded'; name: string; degraded: boolean; reasons: string[]; at: number };
