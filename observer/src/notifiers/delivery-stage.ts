import type { Logger } from 'pino';
import { messageTargets, type AlertMessage } from '../model/alert-message';
import type { AlertLogWriter } from '../model/incident';
import { RateLimitedError } from './notifier';
import type { NotifierRegistry } from './notifier-registry';

/** The outcome of delivering one message on one channel. */
export interface Delivery {
  channel: string;
  message: AlertMessage;
  outcome: 'sent' | 'failed';
  attempts: number;
  error: string | null;
  at: Date;
}

export interface DeliveryOptions {
  retryAttempts: number;
  retryInitialDelayMs: number;
  /** Minimum gap between two messages on a channel, by channel name. */
  minIntervalMs: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The last stage: sends each message to every registered channel independently — one queue per channel (so a
 * channel's rate limit holds and a failing channel never delays another), retries with exponential backoff (or the
 * channel's Retry-After) — and writes every final outcome to the alert log itself.
 */
export class DeliveryStage {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly lastSent = new Map<string, number>();
  /** Messages being delivered and alert log writes in flight. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly registry: NotifierRegistry,
    private options: DeliveryOptions,
    private readonly alertLog: AlertLogWriter,
    private readonly logger: Logger,
  ) {}

  setOptions(options: DeliveryOptions): void {
    this.options = options;
  }

  channels(): string[] {
    return this.registry.names();
  }

  /** Queues the message on every channel; resolves when every channel is done with it. */
  send(message: AlertMessage): Promise<Delivery[]> {
    const sending = Promise.all(
      this.registry.names().map((channel) => {
        const previous = this.queues.get(channel) ?? Promise.resolve();
        const delivery = previous.then(() => this.deliver(channel, message));
        this.queues.set(
          channel,
          delivery.then(() => undefined),
        );
        return delivery;
      }),
    );
    this.track(sending, 'alerting: background work failed');
    return sending;
  }

  /** Messages not yet delivered (or given up) and alert log writes not yet done. */
  inFlight(): number {
    return this.pending.size;
  }

  /** Waits until every queued message is delivered or given up and its outcome is logged. */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Drains, then closes the channels' connections. */
  async close(): Promise<void> {
    await this.drain();
    await this.registry.close();
  }

  private async deliver(channel: string, message: AlertMessage): Promise<Delivery> {
    const notifier = this.registry.get(channel);
    let lastError = '';
    let attempt = 0;
    while (attempt < this.options.retryAttempts) {
      attempt += 1;
      const gap = (this.lastSent.get(channel) ?? 0) + (this.options.minIntervalMs[channel] ?? 0) - Date.now();
      if (gap > 0) await sleep(gap);
      this.lastSent.set(channel, Date.now());
      try {
        await notifier.send(message);
        return this.report({ channel, message, outcome: 'sent', attempts: attempt, error: null, at: new Date() });
      } catch (error) {
        lastError = (error as Error).message;
        if (attempt >= this.options.retryAttempts) break;
        const wait = error instanceof RateLimitedError ? error.retryAfterMs : this.options.retryInitialDelayMs * 2 ** (attempt - 1);
        this.logger.warn(
          { channel, attempt, err: error, retryInMs: wait, targets: messageTargets(message) },
          'alert delivery failed; retrying',
        );
        await sleep(wait);
      }
    }
    this.logger.error({ channel, attempts: attempt, error: lastError, title: message.title }, 'alert delivery gave up');
    return this.report({ channel, message, outcome: 'failed', attempts: attempt, error: lastError, at: new Date() });
  }

  /** Writes the outcome to the alert log (PostgreSQL, InfluxDB, the live stream). */
  private report(delivery: Delivery): Delivery {
    const { message } = delivery;
    const entry = {
      at: delivery.at,
      kind: message.kind,
      channel: delivery.channel,
      outcome: delivery.outcome,
      title: message.title,
      targets: messageTargets(message),
      incidentIds: message.incidentIds,
      attempts: delivery.attempts,
      error: delivery.error,
    };
    this.track(this.alertLog(entry), 'writing the alert log failed');
    return delivery;
  }

  /** Keeps work visible to drain() and inFlight(); logs its failure. */
  private track(promise: Promise<unknown>, failure: string): void {
    const settled: Promise<unknown> = promise
      .catch((error: unknown) => this.logger.error({ err: error }, failure))
      .finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }
}
