import type { DomainLogger, EventSink } from '../domain/event-log';
import type { Verdict } from '../domain/target';
import type { VerdictSource } from '../domain/verdict-source';
import type { WatchdogEvent } from '../domain/watchdog-event';
import { ObserverEvents, type ObserverCredentials } from './observer-events';
import { ObserverVerdicts, type VerdictSnapshot } from './observer-verdicts';

export type { ObserverCredentials } from './observer-events';
export type { VerdictSnapshot } from './observer-verdicts';

export interface ObserverClientOptions {
  url: string;
  credentials: ObserverCredentials;
  /** Poll interval, stream reconnect delay and delivery retry delay. */
  pollMs: number;
  /** No contact for this long and the observer counts as unreachable. */
  staleMs: number;
  requestTimeoutMs: number;
  /** Events waiting for the observer beyond this are dropped, oldest first (and the drop is logged). */
  queueLimit: number;
  clock: () => number;
  logger: DomainLogger;
}

/**
 * The observer, as the watchdog uses it: the verdicts it reads (observer-verdicts.ts: live stream, polling, re-check)
 * and the sink of every watchdog event (observer-events.ts: posted with retry, read back at start), started and
 * stopped together.
 */
export class ObserverClient implements VerdictSource, EventSink {
  private readonly verdicts: ObserverVerdicts;
  private readonly events: ObserverEvents;

  constructor(private readonly options: ObserverClientOptions) {
    const { url, credentials, pollMs, staleMs, requestTimeoutMs, queueLimit, clock, logger } = options;
    this.verdicts = new ObserverVerdicts({ url, pollMs, staleMs, requestTimeoutMs, clock });
    this.events = new ObserverEvents({ url, credentials, retryMs: pollMs, requestTimeoutMs, queueLimit, clock, logger });
  }

  /** The observer's base URL. */
  get url(): string {
    return this.options.url;
  }

  /** Delivers events from now on; polls once (so the first decision has verdicts), then keeps the stream and the polling going. */
  async start(): Promise<void> {
    this.events.start();
    await this.verdicts.start();
  }

  stop(): void {
    this.verdicts.stop();
    this.events.stop();
  }

  /** Called whenever a verdict changes, so the watchdog can act at once instead of on its next tick. */
  onChange(listener: () => void): void {
    this.verdicts.onChange(listener);
  }

  snapshot(): VerdictSnapshot {
    return this.verdicts.snapshot();
  }

  /** Asks the observer for one target's verdict now (`GET /api/v1/services/{name}`); null when it cannot answer. */
  recheck(name: string): Promise<Verdict | null> {
    return this.verdicts.recheck(name);
  }

  /** Queues the event for the observer; delivery is retried until it succeeds or the queue overflows. */
  publish(event: WatchdogEvent): void {
    this.events.publish(event);
  }

  /** The watchdog's own events the observer keeps (newest `limit`), oldest first; null when it cannot answer. */
  history(limit: number): Promise<WatchdogEvent[] | null> {
    return this.events.history(limit);
  }

  /** Waits (at most `timeoutMs`) until every queued event is delivered, so a graceful stop loses none. */
  drain(timeoutMs: number): Promise<void> {
    return this.events.drain(timeoutMs);
  }

  /** Events not yet accepted by the observer. */
  pendingEvents(): number {
    return this.events.pendingEvents();
  }
}
