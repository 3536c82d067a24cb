import { EventSeverity, StoredEvent, type NewEvent } from '@erp/contracts';
import { z } from 'zod';
import type { DomainLogger, EventSink } from '../domain/event-log';
import { EVENT_KINDS, type WatchdogEvent } from '../domain/watchdog-event';
import { describe, observerRequest } from './observer-request';

/** A watchdog event as the observer stored it (`GET /api/v1/events?source=watchdog`): seq and dryRun travel in `data`. */
const storedEventSchema = StoredEvent.pick({ target: true, message: true, at: true })
  .extend({
    kind: z.enum(EVENT_KINDS),
    severity: EventSeverity,
    data: z.looseObject({ seq: z.number().int().positive(), dryRun: z.boolean().optional() }),
  })
  .loose();

/** What authorises the watchdog's events at the observer (a service token from hr, or the static admin token). */
export interface ObserverCredentials {
  /** For logs: `service account watchdog`, `OBSERVER_ADMIN_TOKEN` or `none`. */
  kind: string;
  /** The `Authorization` header value, or undefined when there is none. Rejects when hr cannot issue a token. */
  authorization(): Promise<string | undefined>;
  /** Forgets a cached token after the observer refused it (401), so the next call fetches a fresh one. */
  invalidate(): void;
}

export interface ObserverEventsOptions {
  url: string;
  credentials: ObserverCredentials;
  /** Delay before a failed delivery is tried again. */
  retryMs: number;
  requestTimeoutMs: number;
  /** Events waiting for the observer beyond this are dropped, oldest first (and the drop is logged). */
  queueLimit: number;
  clock: () => number;
  logger: DomainLogger;
}

/** The watchdog's events at the observer: each posted to `/api/v1/events` (retried until taken), and read back at start. */
export class ObserverEvents implements EventSink {
  private readonly queue: WatchdogEvent[] = [];
  private stopped = true;
  private flushing = false;
  /** Status of the last refusal logged, so a missing token is logged once, not once per event. */
  private lastRefusal: number | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Cause of the last failed delivery attempt (network, timeout, no service token), so it is logged once. */
  private lastDeliveryError: string | null = null;

  constructor(private readonly options: ObserverEventsOptions) {}

  /** Deliveries run from now on (events queued before wait for the next publish or drain). */
  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  /** Queues the event for the observer; delivery is retried until it succeeds or the queue overflows. */
  publish(event: WatchdogEvent): void {
    this.queue.push(event);
    if (this.queue.length > this.options.queueLimit) {
      const dropped = this.queue.shift();
      this.options.logger.warn({ dropped: dropped?.seq }, 'observer unreachable too long: dropped the oldest undelivered watchdog event');
    }
    void this.flush();
  }

  /** The watchdog's own events the observer keeps (newest `limit`), oldest first; null when it cannot answer. Entries not in this watchdog's format are skipped. */
  async history(limit: number): Promise<WatchdogEvent[] | null> {
    try {
      const response = await this.request(
        `/api/v1/events?${new URLSearchParams({ source: 'watchdog', limit: String(Math.min(limit, 1000)) })}`,
        { headers: { accept: 'application/json' } },
      );
      if (!response.ok) throw new Error(`GET /api/v1/events answered ${response.status}`);
      const stored = z.array(z.unknown()).parse(await response.json());
      return stored
        .flatMap((raw) => {
          const parsed = storedEventSchema.safeParse(raw);
          if (!parsed.success) return [];
          const { seq, dryRun, ...data } = parsed.data.data;
          const { kind, target, severity, message, at } = parsed.data;
          return [{ seq, kind, target, severity, message, at, dryRun: dryRun === true, data }];
        })
        .sort((a, b) => a.seq - b.seq);
    } catch (error) {
      this.options.logger.warn({ error: describe(error) }, 'cannot read earlier watchdog events from the observer');
      return null;
    }
  }

  /** Waits (at most `timeoutMs`) until every queued event is delivered, so a graceful stop loses none. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = this.options.clock() + timeoutMs;
    void this.flush();
    while (this.queue.length > 0 && this.options.clock() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (this.queue.length > 0)
      this.options.logger.warn({ undelivered: this.queue.length }, 'stopping with watchdog events the observer has not taken');
  }

  /** Events not yet accepted by the observer. */
  pendingEvents(): number {
    return this.queue.length;
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const event = this.queue[0] as WatchdogEvent;
        const delivered = await this.deliver(event);
        if (!delivered) {
          this.retryTimer = setTimeout(() => void this.flush(), this.options.retryMs);
          return;
        }
        this.queue.shift();
      }
    } finally {
      this.flushing = false;
    }
  }

  /** True when the observer took it (or refused it for good: a 4xx will not get better by retrying). */
  private async deliver(event: WatchdogEvent): Promise<boolean> {
    const report: NewEvent = {
      source: 'watchdog',
      kind: event.kind,
      target: event.target,
      severity: event.severity,
      message: event.message,
      at: event.at,
      data: { ...event.data, seq: event.seq, dryRun: event.dryRun },
    };
    const body = JSON.stringify(report);
    try {
      let response = await this.postEvent(body);
      if (response.status === 401) {
        // A cached service token the observer no longer accepts (revoked, or hr rotated its key): a fresh one, once.
        this.options.credentials.invalidate();
        response = await this.postEvent(body);
      }
      this.lastDeliveryError = null;
      if (response.ok) {
        this.lastRefusal = null;
        return true;
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        const detail = (await response.text()).slice(0, 300);
        if (this.lastRefusal !== response.status) {
          this.options.logger.error(
            { status: response.status, seq: event.seq, credentials: this.options.credentials.kind, detail },
            'observer refused a watchdog event (logged once until one is accepted)',
          );
        }
        this.lastRefusal = response.status;
        return true;
      }
      return false;
    } catch (error) {
      // The observer, or hr for a service token, is unreachable: the event stays queued and is retried.
      const message = describe(error);
      if (this.lastDeliveryError !== message)
        this.options.logger.warn(
          { credentials: this.options.credentials.kind, error: message },
          'cannot deliver watchdog events to the observer yet (logged once per cause)',
        );
      this.lastDeliveryError = message;
      return false;
    }
  }

  private async postEvent(body: string): Promise<Response> {
    const authorization = await this.options.credentials.authorization();
    return this.request('/api/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
    });
  }

  private request(path: string, init: RequestInit): Promise<Response> {
    return observerRequest(this.options.url, path, init, this.options.requestTimeoutMs);
  }
}
