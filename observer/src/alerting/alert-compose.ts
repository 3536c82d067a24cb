import type { AlertItem, AlertMessage, AlertSection } from '../model/alert-message';
import { formatDuration } from '../model/alert-message';
import type { Incident } from '../model/incident';

/** One message for every cause that started failing in a grouping window. */
export function problemMessage(
  sections: (AlertSection & { kind: 'down' | 'degraded' })[],
  dashboardUrl: string,
  now: number,
): AlertMessage {
  const targets = sections.flatMap((s) => s.items.map((i) => i.target));
  const anyDown = sections.some((s) => s.kind === 'down');
  const allEnded = sections.every((s) => s.items.every((i) => i.state === 'WAS DOWN'));
  const first = sections[0] as AlertSection & { kind: 'down' | 'degraded' };
  const label = allEnded ? 'WAS DOWN' : first.kind === 'down' ? 'DOWN' : 'DEGRADED';
  const title =
    sections.length === 1
      ? first.cause.startsWith('check:') || first.items.length > 1
        ? `${label}: ${first.cause} - ${targets.length} affected`
        : `${label}: ${first.cause}`
      : `${sections.length} problems: ${sections.map((s) => s.cause).join(', ')}`;
  return {
    kind: anyDown ? 'down' : 'degraded',
    severity: allEnded ? 'warning' : anyDown ? 'critical' : 'warning',
    title,
    summary: `${targets.length} target${targets.length === 1 ? '' : 's'} affected: ${targets.join(', ')}.`,
    sections,
    dashboardUrl,
    at: new Date(now).toISOString(),
    incidentIds: [],
  };
}

/** Recoveries collected since the last tick, in one message. */
export function recoveryMessage(items: AlertItem[], dashboardUrl: string): AlertMessage {
  const names = items.map((i) => i.target);
  return {
    kind: 'recovery',
    severity: 'info',
    title: `RECOVERED: ${names.join(', ')}`,
    summary: items.map((i) => `${i.target} is back after ${formatDuration(i.durationSeconds)}`).join('; ') + '.',
    sections: [{ cause: names[0] ?? '', headline: 'Recovered', items }],
    dashboardUrl,
    at: new Date().toISOString(),
    incidentIds: [],
  };
}

/** "Still down" for incidents open longer than the reminder interval. */
export function reminderMessage(incidents: Incident[], dashboardUrl: string, now: number): AlertMessage {
  const sections: AlertSection[] = incidents.map((incident) => {
    const stillFailing = incident.affected.filter((a) => a.announced && a.endedAt === null);
    const duration = (now - incident.startedAt.getTime()) / 1000;
    return {
      cause: incident.cause,
      headline: `${incident.cause} still ${incident.kind === 'down' ? 'down' : 'degraded'} for ${formatDuration(duration)}`,
      items: stillFailing.map((a) => ({
        target: a.target,
        state: incident.kind === 'down' ? 'DOWN' : 'DEGRADED',
        detail: a.detail,
        since: a.since,
        durationSeconds: (now - Date.parse(a.since)) / 1000,
        lastValues: {},
      })),
    };
  });
  const longest = Math.max(...incidents.map((i) => now - i.startedAt.getTime())) / 1000;
  return {
    kind: 'reminder',
    severity: 'critical',
    title: `Still failing: ${incidents.map((i) => i.cause).join(', ')} (${formatDuration(longest)})`,
    summary: `${incidents.length} incident${incidents.length === 1 ? '' : 's'} still open.`,
    sections,
    dashboardUrl,
    at: new Date(now).toISOString(),
    incidentIds: [],
  };
}

/** A cause and the targets it explains, with a headline naming both. */
export function problemSection(cause: string, kind: 'down' | 'degraded', items: AlertItem[]): AlertSection {
  const names = items.map((i) => i.target);
  const others = names.filter((n) => n !== cause);
  let headline: string;
  const longest = Math.max(...items.map((i) => i.durationSeconds));
  if (items.every((i) => i.state === 'WAS DOWN'))
    headline = `${cause.startsWith('check:') ? cause.slice('check:'.length) : cause} was failing for ${formatDuration(longest)} - ${names.join(', ')} UP again`;
  else if (kind === 'degraded') headline = `${cause} is DEGRADED`;
  else if (cause.startsWith('check:')) headline = `${cause.slice('check:'.length)} is failing - root cause for ${names.join(', ')}`;
  else if (others.length === 0) headline = `${cause} is DOWN`;
  else headline = `${names.includes(cause) ? `${cause} is DOWN` : `${cause} is failing`} - root cause for ${others.join(', ')}`;
  return { cause, headline, items };
}
