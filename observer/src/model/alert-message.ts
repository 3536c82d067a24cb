/** What a notification is about. */
export type AlertKind = 'down' | 'degraded' | 'recovery' | 'reminder' | 'event' | 'report';

/** One affected target in a message. */
export interface AlertItem {
  target: string;
  /** DOWN, DEGRADED, UP … as the reader should see it. */
  state: string;
  /** Why: the poll error, the breached thresholds, or the recovery. */
  detail: string;
  /** When the failure began (ISO). */
  since: string;
  durationSeconds: number;
  /** Last observed values, e.g. { latencyMs: 12, httpStatus: 503, "cpu:utilization": 7.5 }. */
  lastValues: Record<string, string | number>;
}

/** A root cause and the targets it affects (a cause may be a target itself, or `check:postgres`). */
export interface AlertSection {
  cause: string;
  headline: string;
  items: AlertItem[];
}

/** One message, rendered by each notifier in its own format. */
export interface AlertMessage {
  kind: AlertKind;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  summary: string;
  sections: AlertSection[];
  dashboardUrl: string;
  at: string;
  incidentIds: string[];
  /** Free text for reports and events (plain text, paragraphs separated by blank lines). */
  body?: string;
}

/** Names of every target a message is about. */
export function messageTargets(message: AlertMessage): string[] {
  return [...new Set(message.sections.flatMap((s) => s.items.map((i) => i.target)))];
}

/** "2 h 5 min", "45 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** Plain-text rendering (email text part, console). */
export function renderText(message: AlertMessage): string {
  const lines = [message.title, '', message.summary];
  for (const section of message.sections) {
    lines.push('', section.headline);
    for (const item of section.items) {
      const values = Object.entries(item.lastValues)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      lines.push(
        `  - ${item.target}: ${item.state} for ${formatDuration(item.durationSeconds)} (since ${item.since}) — ${item.detail}${values ? ` [${values}]` : ''}`,
      );
    }
  }
  if (message.body) lines.push('', message.body);
  lines.push('', `Dashboard: ${message.dashboardUrl}`);
  return lines.join('\n');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const COLOR: Record<AlertMessage['severity'], string> = { critical: '#c62828', warning: '#ef6c00', info: '#2e7d32' };

/** HTML rendering (email HTML part). */
export function renderHtml(message: AlertMessage): string {
  const sections = message.sections
    .map((section) => {
      const rows = section.items
        .map((item) => {
          const values = Object.entries(item.lastValues)
            .map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(String(v))}`)
            .join(', ');
          return `<tr><td style="padding:4px 8px"><b>${escapeHtml(item.target)}</b></td><td style="padding:4px 8px">${escapeHtml(item.state)}</td><td style="padding:4px 8px">${escapeHtml(formatDuration(item.durationSeconds))}</td><td style="padding:4px 8px">${escapeHtml(item.detail)}</td><td style="padding:4px 8px;color:#555">${values}</td></tr>`;
        })
        .join('');
      return `<h3 style="margin:16px 0 4px">${escapeHtml(section.headline)}</h3><table style="border-collapse:collapse;font-size:14px">${rows}</table>`;
    })
    .join('');
  const body = message.body
    ? message.body
        .split(/\n{2,}/)
        .map((p) => `<p style="white-space:pre-wrap">${escapeHtml(p)}</p>`)
        .join('')
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#222"><div style="border-left:6px solid ${COLOR[message.severity]};padding:8px 16px"><h2 style="margin:0 0 8px">${escapeHtml(message.title)}</h2><p>${escapeHtml(message.summary)}</p>${sections}${body}<p><a href="${escapeHtml(message.dashboardUrl)}">Open the dashboard</a></p></div></body></html>`;
}
