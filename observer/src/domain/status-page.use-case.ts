import type { ObservedService } from '@erp/contracts';
import { NotFoundError } from '@erp/errors';
import type { ObserverConfig } from '../config/observer-config.schema';
import type { Incident } from '../model/incident';
import type { HistoryPoint, HistoryReader } from '../storage/history-types';

const DAY_MS = 86_400_000;
/** Days of daily uptime on the status page. */
export const STATUS_DAYS = 90;
const QUERY_CONCURRENCY = 8;

/** The states a customer sees (no PENDING/DOWN jargon of the observer's own). */
export const PUBLIC_STATES = ['up', 'degraded', 'pending', 'down', 'maintenance'] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];
/** Worst first: a group shows the worst state of its targets. */
const SEVERITY: PublicState[] = ['down', 'degraded', 'pending', 'maintenance', 'up'];

/** What the status page reads: the targets' states, their history, the incidents and the config in force. */
export interface StatusPageDeps {
  services(): ObservedService[];
  history: HistoryReader;
  listIncidents(options: { limit: number }): Promise<Incident[]>;
  config(): ObserverConfig;
}

export interface StatusPage {
  title: string;
  updatedAt: string;
  state: PublicState;
  groups: Array<{ name: string; state: PublicState; uptime90d: number | null; days: Array<{ date: string; uptime: number | null }> }>;
  incidents: Array<{
    impact: 'outage' | 'degraded performance';
    groups: string[];
    startedAt: string;
    endedAt: string | null;
    durationSeconds: number;
    summary: string;
  }>;
}

/** The groups a customer sees: the config's `statusPage` block, else one group per target named after it. */
function publicGroups(config: ObserverConfig): { title: string; groups: { name: string; targets: string[] }[] } {
  if (config.statusPage) return { title: config.statusPage.title, groups: config.statusPage.groups };
  return { title: 'Service status', groups: config.targets.map((t) => ({ name: t.name, targets: [t.name] })) };
}

/** A target's state in the words of the status page. */
export function publicStateOf(service: Pick<ObservedService, 'state' | 'degraded'> | undefined): PublicState {
  if (!service) return 'pending';
  if (service.state === 'MAINTENANCE') return 'maintenance';
  if (service.state === 'DOWN') return 'down';
  if (service.state === 'PENDING') return 'pending';
  return service.degraded ? 'degraded' : 'up';
}

const worst = (states: PublicState[]): PublicState => SEVERITY.find((s) => states.includes(s)) ?? 'pending';

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min`;
  if (seconds < (2 * DAY_MS) / 1000) return `${Math.floor(seconds / 3_600)} h ${Math.round((seconds % 3_600) / 60)} min`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** 90 days of daily uptime (percent, one per UTC day, oldest first) over the listed targets, from the history's hourly buckets. */
async function dailyUptime(history: HistoryReader, targets: string[], now: number) {
  const firstDay = Math.floor(now / DAY_MS) * DAY_MS - (STATUS_DAYS - 1) * DAY_MS;
  const up = new Array<number>(STATUS_DAYS).fill(0);
  const polls = new Array<number>(STATUS_DAYS).fill(0);
  // A few queries at a time: a group may hold many targets, and InfluxDB answers each in a few ms.
  const series: HistoryPoint[][] = [];
  for (let i = 0; i < targets.length; i += QUERY_CONCURRENCY)
    series.push(
      ...(await Promise.all(
        targets
          .slice(i, i + QUERY_CONCURRENCY)
          .map((service) =>
            history.history({ service, check: null, from: firstDay, to: now, resolution: '1h', limit: STATUS_DAYS * 24 + 24 }),
          ),
      )),
    );
  for (const points of series) {
    for (const point of points) {
      const day = Math.floor((Date.parse(point.t) - firstDay) / DAY_MS);
      if (day < 0 || day >= STATUS_DAYS || point.up === null || point.count <= 0) continue;
      up[day] = (up[day] as number) + point.up * point.count;
      polls[day] = (polls[day] as number) + point.count;
    }
  }
  const percent = (u: number, n: number) => (n > 0 ? Math.round((u / n) * 10_000) / 100 : null);
  const days = polls.map((n, i) => ({
    date: new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10),
    uptime: percent(up[i] as number, n),
  }));
  const total = polls.reduce((a, b) => a + b, 0);
  return {
    days,
    uptime90d: percent(
      up.reduce((a, b) => a + b, 0),
      total,
    ),
  };
}

/** The public status page: per group its state and 90 days of daily uptime, and past incidents in plain words. */
export async function statusPage(deps: StatusPageDeps, now: number): Promise<StatusPage> {
  const { title, groups } = publicGroups(deps.config());
  const services = new Map(deps.services().map((s) => [s.name, s]));
  const page: StatusPage = { title, updatedAt: new Date(now).toISOString(), state: 'up', groups: [], incidents: [] };
  for (const group of groups) {
    const { days, uptime90d } = await dailyUptime(deps.history, group.targets, now);
    page.groups.push({ name: group.name, state: worst(group.targets.map((t) => publicStateOf(services.get(t)))), uptime90d, days });
  }
  page.state = worst(page.groups.map((g) => g.state));
  const since = now - STATUS_DAYS * DAY_MS;
  for (const incident of await deps.listIncidents({ limit: 200 })) {
    if (incident.startedAt.getTime() < since) continue;
    const affected = new Set(incident.affected.map((a) => a.target));
    const names = groups.filter((g) => g.targets.some((t) => affected.has(t))).map((g) => g.name);
    if (names.length === 0) continue;
    const impact = incident.kind === 'down' ? 'outage' : 'degraded performance';
    const durationSeconds = Math.round(((incident.endedAt?.getTime() ?? now) - incident.startedAt.getTime()) / 1000);
    const what = `${impact === 'outage' ? 'Outage' : 'Degraded performance'} affecting ${names.join(', ')}`;
    page.incidents.push({
      impact,
      groups: names,
      startedAt: incident.startedAt.toISOString(),
      endedAt: incident.endedAt ? incident.endedAt.toISOString() : null,
      durationSeconds,
      summary: incident.endedAt
        ? `${what}, resolved after ${duration(durationSeconds)}.`
        : `${what}, ongoing for ${duration(durationSeconds)}.`,
    });
  }
  return page;
}

/** The target a badge shows: one the status page lists (every target when there is no `statusPage` block). */
export function badgeTarget(deps: Pick<StatusPageDeps, 'services' | 'config'>, name: string): ObservedService {
  const listed = publicGroups(deps.config()).groups.some((g) => g.targets.includes(name));
  const service = listed ? deps.services().find((s) => s.name === name) : undefined;
  if (!service) throw new NotFoundError('Badge', name);
  return service;
}
