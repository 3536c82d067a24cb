import type { AlertMessage } from '../model/alert-message';
import { formatDuration } from '../model/alert-message';
import type { Incident } from '../model/incident';
import type { HistoryReader } from '../storage/history-types';

export type ReportPeriod = 'daily' | 'weekly';

export interface ServiceReport {
  name: string;
  uptimePercent: number | null;
  p95Ms: number | null;
  previousP95Ms: number | null;
  /** Change of p95 against the previous period, in percent. */
  p95ChangePercent: number | null;
  incidents: number;
  checks: Record<string, number | null>;
  previousChecks: Record<string, number | null>;
}

export interface PerformanceReport {
  period: ReportPeriod;
  from: string;
  to: string;
  source: 'influx' | 'memory';
  services: ServiceReport[];
  /** Service names, slowest p95 first (top 5). */
  slowest: string[];
  incidents: { total: number; open: number; longest: { cause: string; durationSeconds: number } | null; byCause: Record<string, number> };
  recommendations: string[];
}

const PERIOD_MS: Record<ReportPeriod, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 };
const CHECKS = ['cpu:utilization', 'memory:utilization', 'eventloop:delay', 'http:errorRate', 'cache:hitRate'];

export interface ReportInputs {
  history: HistoryReader;
  services: { name: string; uptime: Record<'24h' | '7d' | '30d', number | null> }[];
  incidentsBetween: (from: Date, to: Date) => Promise<Incident[]>;
}

/** Builds the report for the period ending `now`, comparing with the period before it. */
export async function buildPerformanceReport(period: ReportPeriod, inputs: ReportInputs, now = Date.now()): Promise<PerformanceReport> {
  const span = PERIOD_MS[period];
  const from = now - span;
  const [current, previous, incidents] = await Promise.all([
    inputs.history.summary(from, now, CHECKS),
    inputs.history.summary(from - span, from, CHECKS),
    inputs.incidentsBetween(new Date(from), new Date(now)),
  ]);
  const services: ServiceReport[] = inputs.services.map((service) => {
    const cur = current.get(service.name);
    const prev = previous.get(service.name);
    const p95 = round(cur?.p95 ?? null);
    const previousP95 = round(prev?.p95 ?? null);
    return {
      name: service.name,
      uptimePercent: service.uptime[period === 'daily' ? '24h' : '7d'],
      p95Ms: p95,
      previousP95Ms: previousP95,
      p95ChangePercent: p95 !== null && previousP95 !== null && previousP95 > 0 ? round(((p95 - previousP95) / previousP95) * 100) : null,
      incidents: incidents.filter((i) => i.affected.some((a) => a.target === service.name)).length,
      checks: cur?.checks ?? {},
      previousChecks: prev?.checks ?? {},
    };
  });
  const byCause: Record<string, number> = {};
  for (const incident of incidents) byCause[incident.cause] = (byCause[incident.cause] ?? 0) + 1;
  const durations = incidents.map((i) => ({
    cause: i.cause,
    durationSeconds: ((i.endedAt?.getTime() ?? now) - i.startedAt.getTime()) / 1000,
  }));
  const longest = durations.sort((a, b) => b.durationSeconds - a.durationSeconds)[0] ?? null;
  return {
    period,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    source: inputs.history.source,
    services,
    slowest: services
      .filter((s) => s.p95Ms !== null)
      .sort((a, b) => (b.p95Ms ?? 0) - (a.p95Ms ?? 0))
      .slice(0, 5)
      .map((s) => s.name),
    incidents: { total: incidents.length, open: incidents.filter((i) => !i.endedAt).length, longest, byCause },
    recommendations: recommend(services, byCause),
  };
}

/** Plain advice drawn from the figures. */
export function recommend(services: ServiceReport[], byCause: Record<string, number>): string[] {
  const out: string[] = [];
  for (const s of services) {
    const hit = s.checks['cache:hitRate'];
    const prevHit = s.previousChecks['cache:hitRate'];
    if (s.p95ChangePercent !== null && s.p95ChangePercent > 25) {
      if (hit != null && prevHit != null && hit < prevHit - 0.05) {
        out.push(
          `${s.name}: p95 latency rose from ${s.previousP95Ms} ms to ${s.p95Ms} ms while its cache hit rate fell from ${pct(prevHit)} to ${pct(hit)} — check cache size, TTLs and invalidation.`,
        );
      } else {
        out.push(
          `${s.name}: p95 latency rose ${s.p95ChangePercent}% (from ${s.previousP95Ms} ms to ${s.p95Ms} ms) — look at recent releases and slow queries.`,
        );
      }
    }
    if (s.uptimePercent !== null && s.uptimePercent < 99.9)
      out.push(`${s.name}: available ${s.uptimePercent}% with ${s.incidents} incident(s) — review their root causes in the incident log.`);
    const cpu = s.checks['cpu:utilization'];
    if (cpu != null && cpu > 70) out.push(`${s.name}: averaged ${Math.round(cpu)}% CPU — scale out or profile its hot paths.`);
    const loop = s.checks['eventloop:delay'];
    if (loop != null && loop > 50)
      out.push(`${s.name}: event-loop delay averaged ${Math.round(loop)} ms — move CPU-bound work off the main thread.`);
    const mem = s.checks['memory:utilization'];
    const prevMem = s.previousChecks['memory:utilization'];
    if (mem != null && prevMem != null && prevMem > 0 && mem > prevMem * 1.2)
      out.push(`${s.name}: memory grew from ${mb(prevMem)} to ${mb(mem)} — watch for a leak.`);
    const errors = s.checks['http:errorRate'];
    if (errors != null && errors > 0.01)
      out.push(`${s.name}: ${pct(errors)} of requests failed with 5xx — check its logs for the failing routes.`);
  }
  for (const [cause, count] of Object.entries(byCause)) {
    if (cause.startsWith('check:') && count >= 2)
      out.push(`${cause.slice(6)} caused ${count} incidents — it is a shared single point of failure; consider replication or failover.`);
  }
  if (out.length === 0) out.push('No action needed: every service met its targets.');
  return out;
}

/** The report as an email/Slack message. */
export function reportMessage(report: PerformanceReport, dashboardUrl: string): AlertMessage {
  const rows = report.services.map(
    (s) =>
      `${s.name.padEnd(16)} uptime ${s.uptimePercent === null ? 'n/a' : `${s.uptimePercent}%`}  p95 ${s.p95Ms === null ? 'n/a' : `${s.p95Ms} ms`}${s.p95ChangePercent === null ? '' : ` (${s.p95ChangePercent > 0 ? '+' : ''}${s.p95ChangePercent}%)`}  incidents ${s.incidents}`,
  );
  const longest = report.incidents.longest
    ? `; longest: ${report.incidents.longest.cause} for ${formatDuration(report.incidents.longest.durationSeconds)}`
    : '';
  const body = [
    rows.join('\n'),
    `Incidents: ${report.incidents.total} (${report.incidents.open} open)${longest}`,
    `Slowest: ${report.slowest.join(', ') || 'n/a'}`,
    `Recommendations:\n${report.recommendations.map((r) => `- ${r}`).join('\n')}`,
  ].join('\n\n');
  return {
    kind: 'report',
    severity: 'info',
    title: `${report.period === 'daily' ? 'Daily' : 'Weekly'} performance report - ${report.to.slice(0, 10)}`,
    summary: `${report.services.length} services, ${report.incidents.total} incidents from ${report.from} to ${report.to}.`,
    sections: [],
    body,
    dashboardUrl,
    at: report.to,
    incidentIds: [],
  };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
const pct = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
