import type { ProbeFailure, TargetState } from '@erp/contracts';

/** A thing the watchdog may restart, as a driver sees it (a container, or a process of the launcher). */
export interface Target {
  /** Driver-specific handle: container id, or the process name. */
  id: string;
  /** The name the observer knows it by (label `erp.service`, else the container or process name). */
  name: string;
  labels: Record<string, string>;
  state: RunState;
  /** The driver's own health verdict: Docker's HEALTHCHECK status; `none` when the driver has none. */
  health: DriverHealth;
  /** When the current incarnation started (epoch ms), if it ever did. */
  startedAt: number | null;
  /** The start period the target declares itself (Docker HEALTHCHECK StartPeriod), in ms. */
  startPeriodMs: number | null;
}

export type RunState = 'running' | 'starting' | 'restarting' | 'paused' | 'stopped' | 'crashed' | 'unknown';
export type DriverHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';

/** A verdict on one target: from the observer, or derived from the driver's own health when the observer has none. */
export interface Verdict {
  name: string;
  /** The observer's state (`GET /api/v1/services`, declared in @erp/contracts). */
  state: TargetState;
  /** The target the observer blames, when the failure comes from a dependency. */
  rootCause: string | null;
  /** Why the latest poll failed (the contract in @erp/contracts): only `liveness` is cured by a restart; null when it passed. */
  failure: ProbeFailure;
  /** When the judgement was last confirmed (epoch ms). */
  checkedAt: number;
  source: 'observer' | 'driver';
}

/** Label that opts a target in; only `true` counts. */
export const OPT_IN_LABEL = 'erp.watchdog.enable';
/** Label naming the target for the observer. */
export const SERVICE_LABEL = 'erp.service';
/** Label overriding the start period, as a Go-style duration (`20s`, `1m30s`, `500ms`). */
export const START_PERIOD_LABEL = 'erp.watchdog.start-period';

/** Whether a target opted in to being healed. */
export function isWatched(target: Pick<Target, 'labels'>): boolean {
  return target.labels[OPT_IN_LABEL] === 'true';
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go-style duration (`20s`, `1m30s`, `250ms`, `0`) into ms; null when it is not one. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) return null;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * (UNIT_MS[unit ?? 's'] ?? 0), 0);
}

/** The verdict the driver's own health implies: used when the observer is unreachable or does not know the target. */
export function verdictFromDriver(target: Target, now: number): Verdict {
  const base = { name: target.name, rootCause: null, failure: null, checkedAt: now, source: 'driver' as const };
  if (target.state === 'crashed' || target.health === 'unhealthy') return { ...base, state: 'DOWN', failure: 'liveness' };
  if (target.state === 'starting' || target.state === 'restarting' || target.health === 'starting') return { ...base, state: 'PENDING' };
  // Stopped cleanly or paused: someone did that on purpose; without the observer's word, leave it be.
  if (target.state === 'paused' || target.state === 'stopped') return { ...base, state: 'MAINTENANCE' };
  return { ...base, state: 'UP' };
}
