import type { IPoint } from 'influx';
import type { AlertMessage } from '../model/alert-message';
import type { ActivityRepository, NewEvent } from '../data-access/activity.repository';
import type { EventEntity } from '../data-access/entities';
import type { LiveStream } from '../model/live-stream';
import { eventPoint } from '../storage/influx-points';

/** What recording an event needs: the event log, InfluxDB, the stream, whether its target is muted, and delivery. */
export interface EventDeps {
  activity: Pick<ActivityRepository, 'recordEvent'>;
  writePoints: (points: IPoint[]) => void;
  stream: LiveStream;
  /** Whether alerts about this target are muted now (false for a name that is no target). */
  isMuted: (target: string) => boolean;
  /** Hands a message to the delivery stage (every channel at once). */
  deliver: (message: AlertMessage) => void;
  dashboardUrl: () => string;
}

/**
 * Stores an event another system reported (e.g. the watchdog restarting a service) in the event log and InfluxDB,
 * shows it on the dashboard stream, and — when critical and not muted — alerts through every channel at once.
 */
export async function recordEvent(deps: EventDeps, input: NewEvent): Promise<EventEntity> {
  const saved = await deps.activity.recordEvent(input);
  deps.writePoints([eventPoint(input, input.at.getTime())]);
  deps.stream.publish('event', serializeEvent(saved));
  if (input.severity === 'critical' && !deps.isMuted(input.target)) deps.deliver(eventMessage(input, deps.dashboardUrl()));
  return saved;
}

export function serializeEvent(e: EventEntity) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    receivedAt: e.receivedAt.toISOString(),
    source: e.source,
    kind: e.kind,
    target: e.target,
    severity: e.severity,
    message: e.message,
    data: e.data,
  };
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
