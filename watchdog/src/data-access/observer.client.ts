import { EventSeverity, ObservedService, StateChange, StoredEvent, type NewEvent } from '@erp/contracts';
import { z } from 'zod';
import type { DomainLogger, EventSink } from '../domain/event-log';
import type { Verdict } from '../domain/target';
import { EVENT_KINDS, type WatchdogEvent } from '../domain/watchdog-event';
import { readServerSentEvents } from './server-sent-events';

/** The parts of the observer's formats (@erp/contracts) the watchdog reads; other fields are let through unread. */
const serviceSchema = ObservedService.pick({ name: true, state: true, failure: true, rootCause: true, lastCheckAt: true }).partial({ rootCause: true, lastCheckAt: true }).loose();
/** A watchdog event as the observer stored it (`GET /api/v1/events?source=watchdog`): seq and dryRun travel in `data`. */
const storedEventSchema = StoredEvent.pick({ target: true, message: true, at: true })
  .extend({ kind: z.enum(EVENT_KINDS), severity: EventSeverity, data: z.looseObject({ seq: z.number().int().positive(), dryRun: z.boolean().optional() }) })
  .loose();
const stateEventSchema = StateChange.pick({ name: true, to: true, failure: true, at: true, rootCause: true }).partial({ rootCause: true }).loose();

/** What the watchdog knows of the observer's verdicts right now. */
export interface VerdictSnapshot {
  reachable: boolean;
  /** Null when the observer is unreachable: the caller falls back to the driver's own health. */
  verdicts: Map<string, Verdict> | null;
  lastContactAt: number | null;
  streamConnected: boolean;
  error: string | null;
}

/** What authorises the watchdog's events at the observer (a service token from hr, or the static admin token). */
export interface ObserverCredentials {
  /** For logs: `service account watchdog`, `OBSERVER_ADMIN_TOKEN` or `none`. */
  kind: string;
  /** The `Authorization` header value, or undefined when there is none. Rejects when hr cannot issue a token. */
  authorization(): Promise<string | undefined>;
  /** Forgets a cached token after the observer refused it (401), so the next call fetches a fresh one. */
  invalidate(): void;
}

export interface ObserverClientOptions {
  url: string;
  credentials: ObserverCredentials;
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
 * The observer, as the watchdog uses it: verdicts from its live stream (`/api/v1/stream`), kept fresh and
 * resynchronised by polling `/api/v1/services`; and the sink that posts every watchdog event to `/api/v1/events`.
 */
export class ObserverClient implements EventSink {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly listeners = new Set<() => void>();
  private readonly queue: WatchdogEvent[] = [];
  private lastContactAt: number | null = null;
  private streamConnected = false;
  private error: string | null = null;
  private stopped = true;
  private pollTimer: NodeJS.Timeout | undefined;
  private stream: AbortController | undefined;
  private flushing = false;
  /** Status of the last refusal logged, so a missing token is logged once, not once per event. */
  private lastRefusal: number | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Cause of the last failed delivery attempt (network, timeout, no service token), so it is logged once. */
  private lastDeliveryError: string | null = null;

  constructor(private readonly options: ObserverClientOptions) {}

  /** The observer's base URL. */
  get url(): string {
    return this.options.url;
  }

  /** Polls once (so the first decision has verdicts), then keeps the stream and the polling going. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.poll();
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollMs);
    void this.followStream();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    this.stream?.abort();
  }

  /** Called whenever a verdict changes, so the watchdog can act at once instead of on its next tick. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  snapshot(): VerdictSnapshot {
    const now = this.options.clock();
    const reachable = this.lastContactAt !== null && now - this.lastContactAt <= this.options.staleMs;
    return { reachable, verdicts: reachable ? new Map(this.verdicts) : null, lastContactAt: this.lastContactAt, streamConnected: this.streamConnected, error: this.error };
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
      const response = await this.request(`/api/v1/events?${new URLSearchParams({ source: 'watchdog', limit: String(Math.min(limit, 1000)) })}`, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`GET /api/v1/events answered ${response.status}`);
      const stored = z.array(z.unknown()).parse(await response.json());
      return stored.flatMap((raw) => {
        const parsed = storedEventSchema.safeParse(raw);
        if (!parsed.success) return [];
        const { seq, dryRun, ...data } = parsed.data.data;
        const { kind, target, severity, message, at } = parsed.data;
        return [{ seq, kind, target, severity, message, at, dryRun: dryRun === true, data }];
      }).sort((a, b) => a.seq - b.seq);
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
    if (this.queue.length > 0) this.options.logger.warn({ undelivered: this.queue.length }, 'stopping with watchdog events the observer has not taken');
  }

  /** Events not yet accepted by the observer. */
  pendingEvents(): number {
    return this.queue.length;
  }

  private async poll(): Promise<void> {
    try {
      const response = await this.request('/api/v1/services', { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`GET /api/v1/services answered ${response.status}`);
      const services = z.array(serviceSchema).parse(await response.json());
      const now = this.options.clock();
      const seen = new Set<string>();
      for (const s of services) {
        seen.add(s.name);
        this.merge(this.verdictOf(s, now));
      }
      for (const name of this.verdicts.keys()) if (!seen.has(name)) this.verdicts.delete(name);
      this.contact();
    } catch (error) {
      this.error = `GET ${this.options.url}/api/v1/services failed: ${describe(error)}`;
    }
    this.notify();
  }

  private async followStream(): Promise<void> {
    while (!this.stopped) {
      this.stream = new AbortController();
      try {
        const response = await fetch(new URL('/api/v1/stream', this.options.url), { headers: { accept: 'text/event-stream' }, signal: this.stream.signal });
        if (!response.ok || !response.body) throw new Error(`GET /api/v1/stream answered ${response.status}`);
        this.streamConnected = true;
        for await (const message of readServerSentEvents(response.body)) {
          this.contact();
          if (message.event !== 'state') continue;
          const parsed = stateEventSchema.safeParse(safeJson(message.data));
          if (!parsed.success) continue;
          const at = Date.parse(parsed.data.at);
          this.merge({ name: parsed.data.name, state: parsed.data.to, failure: parsed.data.failure, rootCause: parsed.data.rootCause ?? null, checkedAt: Number.isFinite(at) ? at : this.options.clock(), source: 'observer' });
          this.notify();
        }
      } catch (error) {
        if (!this.stopped) this.error = `live stream ${this.options.url}/api/v1/stream: ${describe(error)}`;
      }
      this.streamConnected = false;
      if (!this.stopped) await new Promise((resolve) => (this.retryTimer = setTimeout(resolve, this.options.pollMs)));
    }
  }

  /** Asks the observer for one target's verdict now (`GET /api/v1/services/{name}`); null when it cannot answer. */
  async recheck(name: string): Promise<Verdict | null> {
    try {
      const response = await this.request(`/api/v1/services/${encodeURIComponent(name)}`, { headers: { accept: 'application/json' } });
      if (!response.ok) return null;
      const verdict = this.verdictOf(serviceSchema.parse(await response.json()), this.options.clock());
      this.merge(verdict);
      this.contact();
      return verdict;
    } catch {
      return null;
    }
  }

  private verdictOf(service: z.infer<typeof serviceSchema>, now: number): Verdict {
    const checkedAt = service.lastCheckAt ? Date.parse(service.lastCheckAt) : now;
    return { name: service.name, state: service.state, failure: service.failure, rootCause: service.rootCause ?? null, checkedAt: Number.isFinite(checkedAt) ? checkedAt : now, source: 'observer' };
  }

  /** Keeps whichever verdict is newer: a poll that started before a stream event must not undo it. */
  private merge(verdict: Verdict): void {
    const known = this.verdicts.get(verdict.name);
    if (known && known.checkedAt > verdict.checkedAt) return;
    this.verdicts.set(verdict.name, verdict);
  }

  private contact(): void {
    this.lastContactAt = this.options.clock();
    this.error = null;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const event = this.queue[0] as WatchdogEvent;
        const delivered = await this.deliver(event);
        if (!delivered) {
          this.retryTimer = setTimeout(() => void this.flush(), this.options.pollMs);
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
    const report: NewEvent = { source: 'watchdog', kind: event.kind, target: event.target, severity: event.severity, message: event.message, at: event.at, data: { ...event.data, seq: event.seq, dryRun: event.dryRun } };
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
          this.options.logger.error({ status: response.status, seq: event.seq, credentials: this.options.credentials.kind, detail }, 'observer refused a watchdog event (logged once until one is accepted)');
        }
        this.lastRefusal = response.status;
        return true;
      }
      return false;
    } catch (error) {
      // The observer, or hr for a service token, is unreachable: the event stays queued and is retried.
      const message = describe(error);
      if (this.lastDeliveryError !== message) this.options.logger.warn({ credentials: this.options.credentials.kind, error: message }, 'cannot deliver watchdog events to the observer yet (logged once per cause)');
      this.lastDeliveryError = message;
      return false;
    }
  }

  private async postEvent(body: string): Promise<Response> {
    const authorization = await this.options.credentials.authorization();
    return this.request('/api/v1/events', { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
  }

  private request(path: string, init: RequestInit): Promise<Response> {
    return fetch(new URL(path, this.options.url), { ...init, signal: AbortSignal.timeout(this.options.requestTimeoutMs) });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
