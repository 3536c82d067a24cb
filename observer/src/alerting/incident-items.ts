import { formatDuration, type AlertItem } from '../model/alert-message';
import type { AffectedTarget } from '../model/incident';
import type { TargetView } from '../model/target-types';

/** One target as it appears in a problem message: state, why, for how long, and its last values. */
export function itemFor(view: TargetView, kind: 'down' | 'degraded', since: number, now: number): AlertItem {
  const last = view.last;
  const lastValues: Record<string, string | number> = {};
  if (last) {
    lastValues.latencyMs = Math.round(last.latencyMs);
    if (last.httpStatus !== null) lastValues.httpStatus = last.httpStatus;
    for (const check of last.checks) if (check.value !== null && check.status !== 'pass') lastValues[check.name] = check.value;
  }
  const detail =
    kind === 'degraded'
      ? view.degradedReasons.join('; ') || 'metrics over threshold'
      : `${last?.error ?? 'failing'}${view.rootCause ? ` (root cause: ${view.rootCause})` : ''}`;
  return {
    target: view.name,
    state: kind === 'down' ? 'DOWN' : 'DEGRADED',
    detail,
    since: new Date(since).toISOString(),
    durationSeconds: (now - since) / 1000,
    lastValues,
  };
}

/** A target whose outage ended before its alert went out: told once, as "was DOWN for N s". */
export function endedItemFor(target: string, since: number, endedAt: number, error: string | null, cause: string): AlertItem {
  const duration = (endedAt - since) / 1000;
  const why = `${error ?? 'failing'}${cause !== target ? ` (root cause: ${cause})` : ''}`;
  return {
    target,
    state: 'WAS DOWN',
    detail: `was DOWN for ${formatDuration(duration)}, UP again since ${new Date(endedAt).toISOString()}: ${why}`,
    since: new Date(since).toISOString(),
    durationSeconds: duration,
    lastValues: {},
  };
}

/** A target told about that is UP (or no longer degraded) again, for the recovery message. */
export function recoveredItemFor(kind: 'down' | 'degraded', member: AffectedTarget, at: number): AlertItem {
  return {
    target: member.target,
    state: 'UP',
    detail: kind === 'down' ? `recovered (was DOWN: ${member.detail})` : `no longer degraded (was: ${member.detail})`,
    since: member.since,
    durationSeconds: (at - Date.parse(member.since)) / 1000,
    lastValues: {},
  };
}
