import type { WatchdogTargetState } from '@erp/contracts';

/** An event as the event log keeps it (the fields this view reads). */
export interface ReportedEvent {
  source: string;
  kind: string;
  target: string;
  /** ISO time, or a Date as PostgreSQL returns it. */
  at: string | Date;
  message: string;
  data: Record<string, unknown> | null;
}

interface Memory {
  restarts: number[];
  lastRestartAt: number | null;
  backoffUntil: number | null;
  gaveUpAt: number | null;
  clearedAt: number | null;
  lastEvent: { kind: string; at: number; message: string } | null;
}

const DAY_MS = 86_400_000;

/**
 * What the watchdog is doing about each target, derived from the events it reports (`POST /api/v1/events`,
 * `source: watchdog`): restarts in the last 24 h, a backoff it waits out (`waiting-backoff` with `until`), and whether it
 * gave up (`gave-up`, until a later `cleared`). Fed from the event stream; restored from the stored events at start.
 */
export class WatchdogStates {
  private readonly byTarget = new Map<string, Memory>();

  /** Takes one event into account (others than the watchdog's are ignored). Events may come in any order. */
  note(event: ReportedEvent): void {
    if (event.source !== 'watchdog' || event.target === '*') return;
    const at = typeof event.at === 'string' ? Date.parse(event.at) : event.at.getTime();
    if (!Number.isFinite(at)) return;
    let m = this.byTarget.get(event.target);
    if (!m) {
      m = { restarts: [], lastRestartAt: null, backoffUntil: null, gaveUpAt: null, clearedAt: null, lastEvent: null };
      this.byTarget.set(event.target, m);
    }
    if (!m.lastEvent || at >= m.lastEvent.at) m.lastEvent = { kind: event.kind, at, message: event.message };
    const dryRun = event.data?.dryRun === true;
    switch (event.kind) {
      case 'restart':
        if (dryRun) break;
        m.restarts.push(at);
        if (m.restarts.length > 1_000) m.restarts.shift();
        if (m.lastRestartAt === null || at > m.lastRestartAt) m.lastRestartAt = at;
        break;
      case 'waiting-backoff': {
        const until = typeof event.data?.until === 'string' ? Date.parse(event.data.until) : NaN;
        if (Number.isFinite(until) && (m.backoffUntil === null || until > m.backoffUntil)) m.backoffUntil = until;
        break;
      }
      case 'backoff-reset':
        if (m.backoffUntil !== null && m.backoffUntil <= at + DAY_MS) m.backoffUntil = null;
        break;
      case 'gave-up':
        if (m.gaveUpAt === null || at > m.gaveUpAt) m.gaveUpAt = at;
        break;
      case 'cleared':
        if (m.clearedAt === null || at > m.clearedAt) m.clearedAt = at;
        break;
    }
  }

  /** Events read back from the event log (any order). */
  restore(events: ReportedEvent[]): void {
    const time = (e: ReportedEvent) => (typeof e.at === 'string' ? Date.parse(e.at) : e.at.getTime());
    for (const event of [...events].sort((a, b) => time(a) - time(b))) this.note(event);
  }

  /** The target's watchdog state now, or null when the watchdog never reported on it. */
  view(target: string, now = Date.now()): WatchdogTargetState | null {
    const m = this.byTarget.get(target);
    if (!m) return null;
    while (m.restarts.length && (m.restarts[0] as number) < now - DAY_MS) m.restarts.shift();
    const gaveUp = m.gaveUpAt !== null && (m.clearedAt === null || m.clearedAt < m.gaveUpAt);
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      restarts24h: m.restarts.filter((t) => t <= now).length,
      lastRestartAt: iso(m.lastRestartAt),
      backoffUntil: m.backoffUntil !== null && m.backoffUntil > now && !gaveUp ? iso(m.backoffUntil) : null,
      gaveUp,
      gaveUpAt: gaveUp ? iso(m.gaveUpAt) : null,
      lastEvent: m.lastEvent ? { kind: m.lastEvent.kind, at: iso(m.lastEvent.at) as string, message: m.lastEvent.message } : null,
    };
  }
}
