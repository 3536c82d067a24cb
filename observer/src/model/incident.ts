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
  notificationsSent: number;
  lastNotifiedAt: Date | null;
}

/** Persistence for incidents and the alert log (PostgreSQL in production and tests). */
export interface AlertStore {
  saveIncident(incident: Incident): Promise<void>;
  openIncidents(): Promise<Incident[]>;
  logAlert(entry: AlertLogInput): Promise<void>;
}

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
