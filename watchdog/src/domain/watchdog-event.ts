import type { EventSeverity } from '@erp/contracts';

/** Severity as the observer's event API takes it (@erp/contracts). */
export type Severity = EventSeverity;

/** Every decision and action the watchdog takes, as one structured record. */
export const EVENT_KINDS = [
  'restart',
  'restart-called-off',
  'restart-completed',
  'restart-escalated',
  'restart-failed',
  'gave-up',
  'cleared',
  'left-alone-starting',
  'left-alone-recovering',
  'left-alone-not-curable',
  'waiting-on-dependency',
  'waiting-backoff',
  'waiting-budget',
  'waiting-fresh-verdict',
  'backoff-reset',
  'verdict-source-changed',
  'driver-unavailable',
  'driver-available',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface WatchdogEvent {
  /** Increasing number, for `GET /api/v1/events?after=`. */
  seq: number;
  kind: EventKind;
  /** The target's name, or `*` for the watchdog itself. */
  target: string;
  severity: Severity;
  message: string;
  /** ISO time. */
  at: string;
  dryRun: boolean;
  data: Record<string, unknown>;
}
