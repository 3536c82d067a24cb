import { ObservedService, StateChange } from '@erp/contracts';
import { z } from 'zod';
import type { Verdict } from '../domain/target';
import { describe, observerRequest } from './observer-request';
import { readServerSentEvents } from './server-sent-events';

/** The parts of the observer's formats (@erp/contracts) the watchdog reads; other fields are let through unread. */
const serviceSchema = ObservedService.pick({ name: true, state: true, failure: true, rootCause: true, lastCheckAt: true })
  .partial({ rootCause: true, lastCheckAt: true })
  .loose();
const stateEventSchema = StateChange.pick({ name: true, to: true, failure: true, at: true, rootCause: true })
  .partial({ rootCause: true })
  .loose();

/** What the watchdog knows of the observer's verdicts right now. */
export interface VerdictSnapshot {
  reachable: boolean;
  /** Null when the observer is unreachable: the caller falls back to the driver's own health. */
  verdicts: Map<string, Verdict> | null;
  lastContactAt: number | null;
  streamConnected: boolean;
  error: string | null;
}

export interface ObserverVerdictsOptions {
  url: string;
  pollMs: number;
  /** No contact for this long and the observer counts as unreachable. */
  staleMs: number;
  requestTimeoutMs: number;
  clock: () => number;
}

/** The observer's verdicts: from its live stream (`/api/v1/stream`), kept fresh and resynchronised by polling `/api/v1/services`. */
export class ObserverVerdicts {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly listeners = new Set<() => void>();
  private lastContactAt: number | null = null;
  private streamConnected = false;
  private error: string | null = null;
  private stopped = true;
  private pollTimer: NodeJS.Timeout | undefined;
  private stream: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ObserverVerdictsOptions) {}

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
    return {
      reachable,
      verdicts: reachable ? new Map(this.verdicts) : null,
      lastContactAt: this.lastContactAt,
      streamConnected: this.streamConnected,
      error: this.error,
    };
  }

  /** Asks the observer for one target's verdict now (`GET /api/v1/services/{name}`); null when it cannot answer. */
  async recheck(name: string): Promise<Verdict | null> {
    try {
      const response = await this.request(`/api/v1/services/${encodeURIComponent(name)}`);
      if (!response.ok) return null;
      const verdict = this.verdictOf(serviceSchema.parse(await response.json()), this.options.clock());
      this.merge(verdict);
      this.contact();
      return verdict;
    } catch {
      return null;
    }
  }

  private async poll(): Promise<void> {
    try {
      const response = await this.request('/api/v1/services');
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
        const response = await fetch(new URL('/api/v1/stream', this.options.url), {
          headers: { accept: 'text/event-stream' },
          signal: this.stream.signal,
        });
        if (!response.ok || !response.body) throw new Error(`GET /api/v1/stream answered ${response.status}`);
        this.streamConnected = true;
        for await (const message of readServerSentEvents(response.body)) {
          this.contact();
          if (message.event !== 'state') continue;
          const parsed = stateEventSchema.safeParse(safeJson(message.data));
          if (!parsed.success) continue;
          const at = Date.parse(parsed.data.at);
          this.merge({
            name: parsed.data.name,
            state: parsed.data.to,
            failure: parsed.data.failure,
            rootCause: parsed.data.rootCause ?? null,
            checkedAt: Number.isFinite(at) ? at : this.options.clock(),
            source: 'observer',
          });
          this.notify();
        }
      } catch (error) {
        if (!this.stopped) this.error = `live stream ${this.options.url}/api/v1/stream: ${describe(error)}`;
      }
      this.streamConnected = false;
      if (!this.stopped) await new Promise((resolve) => (this.retryTimer = setTimeout(resolve, this.options.pollMs)));
    }
  }

  private verdictOf(service: z.infer<typeof serviceSchema>, now: number): Verdict {
    const checkedAt = service.lastCheckAt ? Date.parse(service.lastCheckAt) : now;
    return {
      name: service.name,
      state: service.state,
      failure: service.failure,
      rootCause: service.rootCause ?? null,
      checkedAt: Number.isFinite(checkedAt) ? checkedAt : now,
      source: 'observer',
    };
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

  private request(path: string): Promise<Response> {
    return observerRequest(this.options.url, path, { headers: { accept: 'application/json' } }, this.options.requestTimeoutMs);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
