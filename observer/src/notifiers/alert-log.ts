import type { IPoint } from 'influx';
import type { AlertRepository } from '../data-access/alert.repository';
import type { LiveStream } from '../model/live-stream';
import { incidentStreamEvent, type AlertLogInput, type AlertLogWriter } from '../model/incident';
import { alertPoint } from '../storage/influx-points';

export interface AlertLogDeps {
  repository: AlertRepository;
  /** Queues points for InfluxDB (a no-op without it). */
  writePoints: (points: IPoint[]) => void;
  stream: Pick<LiveStream, 'publish'>;
}

/**
 * The one alert log: every delivery outcome (and every muted or suppressed alert) becomes an `alert` point in
 * InfluxDB, an `alert` event on the live stream and a row in PostgreSQL; a message sent counts as one notification on
 * each incident it was about (the stream then announces the incident again, so the dashboard shows the new count).
 */
export function createAlertLog(deps: AlertLogDeps): AlertLogWriter {
  return async (entry: AlertLogInput) => {
    deps.writePoints([alertPoint(entry, entry.at.getTime())]);
    deps.stream.publish('alert', { ...entry, at: entry.at.toISOString() });
    const counted = entry.outcome === 'sent' ? entry.incidentIds.map((id) => countOn(deps, id)) : [];
    await Promise.all([deps.repository.logAlert(entry), ...counted]);
  };
}

async function countOn(deps: AlertLogDeps, incidentId: string): Promise<void> {
  const incident = await deps.repository.countNotification(incidentId);
  if (incident) deps.stream.publish('incident', incidentStreamEvent(incident));
}
