import type { EventKind, Severity, WatchdogEvent } from './watchdog-event';

/** Where events go besides the in-memory log: the pino logger and the observer. */
export interface EventSink {
  publish(event: WatchdogEvent): void;
}

/** The minimal logger the domain needs (pino's signature). */
export interface DomainLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EventQuery {
  after?: number;
  target?: string;
  kind?: EventKind;
  limit: number;
}

/**
 * The last `capacity` events in memory, each also logged and forwarded to the sinks (the observer, which keeps them in
 * its database). A restarted watchdog reads its earlier events back from there (`restore`), so none is lost.
 */
export class EventLog {
  private readonly events: WatchdogEvent[] = [];
  private readonly sinks: EventSink[];
  private seq = 0;

  constructor(
    private readonly options: { capacity: number; dryRun: boolean; clock: () => number; logger: DomainLogger; sinks: EventSink[] },
  ) {
    this.sinks = [...options.sinks];
  }

  /** Adds a sink that hears of every event recorded from now on, after the sinks given at construction. */
  subscribe(sink: EventSink): void {
    this.sinks.push(sink);
  }

  record(kind: EventKind, target: string, severity: Severity, message: string, data: Record<string, unknown> = {}): WatchdogEvent {
    this.seq += 1;
    const event: WatchdogEvent = {
      seq: this.seq,
      kind,
      target,
      severity,
      message,
      at: new Date(this.options.clock()).toISOString(),
      dryRun: this.options.dryRun,
      data,
    };
    this.events.push(event);
    if (this.events.length > this.options.capacity) this.events.shift();
    const log = severity === 'critical' ? 'error' : severity === 'warning' ? 'warn' : 'info';
    this.options.logger[log]({ event: { kind, target, severity, dryRun: event.dryRun, seq: event.seq, ...data } }, message);
    for (const sink of this.sinks) sink.publish(event);
    return event;
  }

  /** Puts events of an earlier run (from the observer) before any new one; numbering goes on after them. Only into an empty log; returns how many were taken. */
  restore(earlier: WatchdogEvent[]): number {
    if (this.events.length > 0) return 0;
    const kept = [...earlier].sort((a, b) => a.seq - b.seq).slice(-this.options.capacity);
    this.events.push(...kept);
    this.seq = Math.max(this.seq, ...kept.map((e) => e.seq));
    return kept.length;
  }

  /** Oldest first; `after` is a sequence number, `limit` keeps the newest. */
  list(query: EventQuery): WatchdogEvent[] {
    const matching = this.events.filter(
      (e) =>
        (query.after === undefined || e.seq > query.after) &&
        (query.target === undefined || e.target === query.target) &&
        (query.kind === undefined || e.kind === query.kind),
    );
    return matching.slice(-query.limit);
  }
}
