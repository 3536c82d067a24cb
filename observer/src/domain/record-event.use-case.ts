import type { AlertEngine } from '../alerting/alert-engine';
import type { AlertMessage } from '../model/alert-message';
import type { ActivityRepository, NewEvent } from '../data-access/activity.repository';
import type { EventEntity } from '../data-access/entities';
import { eventPoint } from '../storage/influx-points';
import type { MuteRules } from '../model/mute-rules';
import type { Observer } from './observer';

/**
 * Stores an event another system reported (e.g. the watchdog restarting a service) in the event log and InfluxDB,
 * shows it on the dashboard stream, and — when critical and not muted — alerts through every channel at once.
 */
export async function recordEvent(
  input: NewEvent,
  deps: { activity: ActivityRepository; observer: Observer; engine: AlertEngine; mutes: MuteRules; dashboardUrl: string },
): Promise<EventEntity> {
  const saved = await deps.activity.recordEvent(input);
  deps.observer.writePoints([eventPoint(input, input.at.getTime())]);
  deps.observer.events.emit('event', serializeEvent(saved));
  const muted = deps.observer.hasTarget(input.target) && deps.mutes.mutedBy(input.target, deps.observer.labelsOf(input.target)) !== null;
  if (input.severity === 'critical' && !muted) void deps.engine.notify(eventMessage(input, deps.dashboardUrl));
  return saved;
}

export function serializeEvent(e: EventEntity) {
  return { id: e.id, at: e.at.toISOString(), receivedAt: e.receivedAt.toISOString(), source: e.source, kind: e.kind, target: e.target, severity: e.severity, message: e.message, data: e.data };
}

function eventMessage(event: NewEvent, dashboardUrl: string): AlertMessage {
  return {
    kind: 'event',
    severity: 'critical',
    title: `${event.source}: ${event.kind} - ${event.target}`,
    summary: event.message,
    sections: [],
    body: event.data ? JSON.stringify(event.data, null, 2) : undefined,
    dashboardUrl,
    at: event.at.toISOString(),
    incidentIds: [],
  };
}
