/** A target caught up in an incident. */
export interface AffectedTarget {
  target: string;
  since: string;
  endedAt: string | null;
  /** Why it failed (poll error or breached thresholds). */
  detail: string;
  /** Someone was told about this target's outage (directly, or as part of its cause's alert). */
  announced: boolean;
  /** `silence:<id>` / `maintenance:<id>` while muted. */
  mutedBy: string | null;
}

/** An outage (or degradation) explained by one cause, and everything it affected. */
export interface Incident {
  id: string;
  kind: 'down' | 'degraded';
  /** A target name, or `check:<component>` for a datastore shared by several targets. */
  cause: string;
  startedAt: Date;
  endedAt: Date | null;
  affected: AffectedTarget[];
  /** Messages sent about it, counted in the store by the alert log (in the incident stage's memory: the value it was loaded with). */
  notificationsSent: number;
  lastNotifiedAt: Date | null;
}

/** The live stream's `incident` event: sent once an incident is stored, and whenever it changes. */
export function incidentStreamEvent(incident: Pick<Incident, 'id' | 'kind' | 'cause' | 'startedAt' | 'endedAt'>) {
  return {
    id: incident.id,
    kind: incident.kind,
    cause: incident.cause,
    startedAt: incident.startedAt.toISOString(),
    ended: incident.endedAt !== null,
  };
}

/** Persistence of incidents (PostgreSQL in production and tests). */
export interface IncidentStore {
  /** Writes the incident as it is now; `notificationsSent` is left as stored (the alert log counts it). */
  saveIncident(incident: Incident): Promise<void>;
  openIncidents(): Promise<Incident[]>;
}

/** One line of the alert log: a delivery outcome (sent, failed) or a decision not to send (muted, suppressed). */
export interface AlertLogInput {
  at: Date;
  kind: string;
  channel: string;
  outcome: 'sent' | 'failed' | 'muted' | 'suppressed';
  title: string;
  targets: string[];
  incidentIds: string[];
  attempts: number;
  error: string | null;
}

/** Writes one line to the alert log (the repository, InfluxDB and the live stream). */
export type AlertLogWriter = (entry: AlertLogInput) => Promise<void>;
