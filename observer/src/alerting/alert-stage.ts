import type { AlertMessage } from '../model/alert-message';
import type { IncidentNotice } from '../model/notice';
import { problemMessage, problemSection, recoveryMessage, reminderMessage } from './alert-compose';

export interface AlertOptions {
  /** Linked from every message. */
  dashboardUrl: string;
}

/** Puts each notice of the incident stage into words (alert-compose.ts) and hands the message to `deliver`. */
export class AlertStage {
  constructor(
    private options: AlertOptions,
    private readonly deliver: (message: AlertMessage) => void,
  ) {}

  setOptions(options: AlertOptions): void {
    this.options = options;
  }

  /** The input: one notice from the incident stage. */
  onNotice(notice: IncidentNotice): void {
    this.deliver(this.compose(notice));
  }

  private compose(notice: IncidentNotice): AlertMessage {
    const { dashboardUrl } = this.options;
    let message: AlertMessage;
    let incidentIds: string[];
    if (notice.type === 'problem') {
      message = problemMessage(
        notice.sections.map((s) => ({ ...problemSection(s.incident.cause, s.kind, s.items), kind: s.kind })),
        dashboardUrl,
        notice.at,
      );
      incidentIds = notice.sections.map((s) => s.incident.id);
    } else if (notice.type === 'recovery') {
      message = recoveryMessage(notice.items, dashboardUrl);
      incidentIds = notice.incidents.map((i) => i.id);
    } else {
      message = reminderMessage(notice.incidents, dashboardUrl, notice.at);
      incidentIds = notice.incidents.map((i) => i.id);
    }
    message.incidentIds = incidentIds;
    return message;
  }
}
