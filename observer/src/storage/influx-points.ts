import type { IPoint } from 'influx';
import type { TargetConfig } from '../config/observer-config.schema';
import type { ProbeResult, TargetState } from '../model/target-types';
import { M } from './influx-schema';
import type { InfluxStoreStats } from './influx-store';

/** The `probe` point and one `check` point per numeric check of a poll. */
export function toPoints(target: TargetConfig, state: TargetState, result: ProbeResult): IPoint[] {
  const probe: IPoint = {
    measurement: M.probe,
    tags: { service: target.name, kind: target.kind, status: result.status ?? 'none', state },
    fields:
      result.httpStatus === null
        ? { latency: result.latencyMs, up: result.ok ? 1 : 0 }
        : { latency: result.latencyMs, up: result.ok ? 1 : 0, http_status: result.httpStatus },
    timestamp: result.at,
  };
  const points = [probe];
  for (const check of result.checks) {
    if (check.value === null) continue;
    points.push({
      measurement: M.check,
      tags: { service: target.name, check: check.name, component_type: check.componentType ?? 'unknown', status: check.status },
      fields: { value: check.value },
      timestamp: result.at,
    });
  }
  return points;
}

export function stateChangePoint(service: string, from: string, to: string, rootCause: string | null, at: number): IPoint {
  return { measurement: M.stateChange, tags: { service, from, to }, fields: { root_cause: rootCause ?? '', value: 1 }, timestamp: at };
}

export function alertPoint(
  alert: { kind: string; channel: string; outcome: string; title: string; targets: string[] },
  at: number,
): IPoint {
  return {
    measurement: M.alert,
    tags: { kind: alert.kind, channel: alert.channel, outcome: alert.outcome },
    fields: { title: alert.title, targets: alert.targets.join(','), value: 1 },
    timestamp: at,
  };
}

export function eventPoint(event: { source: string; kind: string; target: string; severity: string; message: string }, at: number): IPoint {
  return {
    measurement: M.event,
    tags: { source: event.source, kind: event.kind, target: event.target, severity: event.severity },
    fields: { message: event.message, value: 1 },
    timestamp: at,
  };
}

export function observerPoint(
  v: { targets: number; activePolls: number; stats: InfluxStoreStats; cpuPercent: number; rss: number },
  at: number,
): IPoint {
  return {
    measurement: M.observer,
    tags: {},
    fields: {
      targets: v.targets,
      active_polls: v.activePolls,
      buffered_points: v.stats.buffered,
      dropped_points: v.stats.dropped,
      written_points: v.stats.written,
      cpu_percent: Math.round(v.cpuPercent * 100) / 100,
      rss_bytes: v.rss,
    },
    timestamp: at,
  };
}
