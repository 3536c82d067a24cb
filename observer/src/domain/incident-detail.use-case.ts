import { NotFoundError } from '@erp/errors';
import type { ActivityRepository } from '../data-access/activity.repository';
import type { AlertRepository } from '../data-access/alert.repository';
import type { MuteRepository } from '../data-access/mute.repository';
import type { Incident } from '../model/incident';
import { matches, type Recurrence, type TargetMatcher } from '../model/mute-rules';
import { serializeEvent } from './record-event.use-case';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** State changes are shown from a minute before the incident to a minute after it. */
export const STATE_CHANGE_MARGIN_MS = { before: MINUTE_MS, after: MINUTE_MS } as const;
/** Watchdog actions are shown from a minute before the incident to five minutes after it (a restart often ends it). */
export const WATCHDOG_MARGIN_MS = { before: MINUTE_MS, after: 5 * MINUTE_MS } as const;
/** A recurring maintenance window lists at most this many of its occurrences within one incident. */
const MAX_PERIODS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How the incident stage names the mute in the title of a muted alert: `… (muted by silence:<id>)`. */
const MUTED_BY_TITLE = /\(muted by ((?:silence|maintenance):[0-9a-f-]{36})\)$/i;

/** What the detail of an incident reads: the incident and alert log, state changes and events, silences and windows, target labels. */
export interface IncidentDetailDeps {
  alerts: Pick<AlertRepository, 'getIncident' | 'alertsForIncident'>;
  activity: Pick<ActivityRepository, 'transitionsBetween' | 'eventsBetween'>;
  muteRepo: Pick<MuteRepository, 'silencesDuring' | 'maintenanceDuring'>;
  /** The labels of a target in the config in force; undefined when it is not watched (any more). */
  labelsOf(target: string): Record<string, string> | undefined;
  now?: () => number;
}

export interface IncidentDetail {
  incident: Incident;
  /** The targets it concerns: every affected target, and the cause when the cause is a target (not `check:…`). */
  targets: string[];
  stateChanges: Array<{ at: string; target: string; from: string; to: string; rootCause: string | null }>;
  /** Every alert log line about it: messages sent or failed per channel, alerts muted or suppressed. */
  notifications: Array<{
    id: string;
    at: string;
    kind: string;
    channel: string;
    outcome: string;
    title: string;
    targets: string[];
    attempts: number;
    error: string | null;
    /** For a muted alert: `silence:<id>` or `maintenance:<id>`, when the log names it. */
    mutedBy: string | null;
  }>;
  watchdogActions: Array<ReturnType<typeof serializeEvent>>;
  /** Silences and maintenance windows that covered its targets while it lasted (or that muted one of its alerts). */
  mutes: Array<{
    type: 'silence' | 'maintenance';
    id: string;
    target: string | null;
    labels: Record<string, string>;
    startsAt: string;
    endsAt: string | null;
    recurrence: Recurrence | null;
    comment: string;
    /** Which of the incident's targets it covered. */
    targets: string[];
    /** When it was in force during the incident. */
    periods: Array<{ from: string; to: string }>;
    alertsMuted: number;
  }>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The targets an incident concerns: its affected targets, and its cause when that is a target. */
export function incidentTargets(incident: Pick<Incident, 'cause' | 'affected'>): string[] {
  const names = new Set(incident.affected.map((a) => a.target));
  if (!incident.cause.startsWith('check:')) names.add(incident.cause);
  return [...names];
}

/** The periods within [from, to) in which a maintenance window was in force (one-off or weekly, UTC). */
export function maintenancePeriods(
  rule: { startsAt: Date; endsAt: Date | null; recurrence: Recurrence | null },
  from: number,
  to: number,
): Array<[number, number]> {
  const lower = Math.max(from, rule.startsAt.getTime());
  const upper = Math.min(to, rule.endsAt?.getTime() ?? Infinity);
  if (lower >= upper) return [];
  if (!rule.recurrence) return [[lower, upper]];
  const [hours, minutes] = rule.recurrence.startTime.split(':').map(Number) as [number, number];
  const durationMs = rule.recurrence.durationMinutes * MINUTE_MS;
  const periods: Array<[number, number]> = [];
  const firstDay = Math.floor((lower - durationMs) / DAY_MS) * DAY_MS;
  for (let day = firstDay; day < upper && periods.length < MAX_PERIODS; day += DAY_MS) {
    if (!rule.recurrence.daysOfWeek.includes(new Date(day).getUTCDay())) continue;
    const start = day + (hours * 60 + minutes) * MINUTE_MS;
    const clipped: [number, number] = [Math.max(start, lower), Math.min(start + durationMs, upper)];
    if (clipped[0] < clipped[1]) periods.push(clipped);
  }
  return periods;
}

/**
 * One incident with what happened around it: the state changes of its targets, every alert log line about it, what
 * the watchdog did to its targets, and the silences and maintenance windows that applied. Throws NotFoundError.
 */
export async function incidentDetail(deps: IncidentDetailDeps, id: string): Promise<IncidentDetail> {
  const incident = await deps.alerts.getIncident(id);
  if (!incident) throw new NotFoundError('Incident', id);
  const start = incident.startedAt.getTime();
  const end = incident.endedAt?.getTime() ?? (deps.now ?? Date.now)();
  const targets = incidentTargets(incident);

  const [transitions, alertLines, events] = await Promise.all([
    deps.activity.transitionsBetween(
      targets,
      new Date(start - STATE_CHANGE_MARGIN_MS.before),
      new Date(end + STATE_CHANGE_MARGIN_MS.after),
    ),
    deps.alerts.alertsForIncident(incident.id, new Date(start - MINUTE_MS)),
    deps.activity.eventsBetween({
      source: 'watchdog',
      targets,
      from: new Date(start - WATCHDOG_MARGIN_MS.before),
      to: new Date(end + WATCHDOG_MARGIN_MS.after),
    }),
  ]);

  const notifications = alertLines.map((a) => ({
    id: String(a.id),
    at: a.at.toISOString(),
    kind: a.kind,
    channel: a.channel,
    outcome: a.outcome,
    title: a.title,
    targets: a.targets,
    attempts: a.attempts,
    error: a.error,
    mutedBy: a.outcome === 'muted' ? (MUTED_BY_TITLE.exec(a.title)?.[1]?.toLowerCase() ?? null) : null,
  }));

  // Mutes named by the alert log or the affected targets, with the targets they muted.
  const named = new Map<string, { targets: Set<string>; alerts: number }>();
  const name = (ref: string | null, target: string[], alerts: number) => {
    if (!ref) return;
    const entry = named.get(ref) ?? { targets: new Set<string>(), alerts: 0 };
    for (const t of target) entry.targets.add(t);
    entry.alerts += alerts;
    named.set(ref, entry);
  };
  for (const n of notifications) name(n.mutedBy, n.targets, 1);
  for (const a of incident.affected) name(a.mutedBy, [a.target], 0);
  const namedIds = (type: string) =>
    [...named.keys()]
      .filter((ref) => ref.startsWith(`${type}:`))
      .map((ref) => ref.slice(type.length + 1))
      .filter((ruleId) => UUID.test(ruleId));

  const [silences, windows] = await Promise.all([
    deps.muteRepo.silencesDuring(new Date(start), new Date(end), namedIds('silence')),
    deps.muteRepo.maintenanceDuring(new Date(start), new Date(end), namedIds('maintenance')),
  ]);
  const covered = (rule: TargetMatcher, ref: string) => {
    const byRule = targets.filter((t) => matches(rule, t, deps.labelsOf(t) ?? {}));
    return [...new Set([...byRule, ...(named.get(ref)?.targets ?? [])])].sort();
  };
  const mutes: IncidentDetail['mutes'] = [];
  for (const s of silences) {
    const ref = `silence:${s.id}`;
    const from = Math.max(start, s.startsAt.getTime());
    const to = Math.min(end, s.expiresAt.getTime());
    const covers = covered(s, ref);
    if (covers.length === 0 && !named.has(ref)) continue;
    mutes.push({
      type: 'silence',
      id: s.id,
      target: s.target,
      labels: s.labels,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.expiresAt.toISOString(),
      recurrence: null,
      comment: s.comment,
      targets: covers,
      periods: from < to ? [{ from: iso(from), to: iso(to) }] : [],
      alertsMuted: named.get(ref)?.alerts ?? 0,
    });
  }
  for (const w of windows) {
    const ref = `maintenance:${w.id}`;
    const periods = maintenancePeriods(w, start, end);
    const covers = covered(w, ref);
    if ((covers.length === 0 || periods.length === 0) && !named.has(ref)) continue;
    mutes.push({
      type: 'maintenance',
      id: w.id,
      target: w.target,
      labels: w.labels,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt?.toISOString() ?? null,
      recurrence: w.recurrence,
      comment: w.comment,
      targets: covers,
      periods: periods.map(([from, to]) => ({ from: iso(from), to: iso(to) })),
      alertsMuted: named.get(ref)?.alerts ?? 0,
    });
  }
  mutes.sort((a, b) => (a.periods[0]?.from ?? a.startsAt).localeCompare(b.periods[0]?.from ?? b.startsAt));

  return {
    incident,
    targets,
    stateChanges: transitions.map((t) => ({
      at: t.at.toISOString(),
      target: t.target,
      from: t.fromState,
      to: t.toState,
      rootCause: t.rootCause,
    })),
    notifications,
    watchdogActions: events.map(serializeEvent),
    mutes,
  };
}
