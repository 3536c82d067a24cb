import type { AlertItem } from './alert-message';
import type { Incident } from './incident';

/** One cause in a problem notice: its incident and the targets to tell about. */
export interface ProblemSection {
  incident: Incident;
  kind: 'down' | 'degraded';
  items: AlertItem[];
}

/**
 * What the incident stage hands to the alert stage: who must be told about what, now. The alert stage decides the
 * words (titles, headlines) and hands the message on for delivery.
 */
export type IncidentNotice =
  | { type: 'problem'; sections: ProblemSection[]; at: number }
  | { type: 'recovery'; items: AlertItem[]; incidents: Incident[] }
  | { type: 'reminder'; incidents: Incident[]; at: number };

/** Where notices go (the alert stage, wired in pipeline.ts). */
export type NoticeSink = (notice: IncidentNotice) => void;
