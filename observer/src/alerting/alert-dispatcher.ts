import type { Logger } from 'pino';
import { RateLimitedError, type NotifierRegistry } from '../notifiers';
import { messageTargets, type AlertMessage } from '../model/alert-message';

/** The outcome of delivering one message on one channel. */
export interface Delivery {
  channel: string;
  message: AlertMessage;
  outcome: 'sent' | 'failed';
  attempts: number;
  error: string | null;
  at: Date;
}

export interface DispatcherOptions {
  retryAttempts: number;
  retryInitialDelayMs: number;
  /** Minimum gap between two messages on a channel, by channel name. */
  minIntervalMs: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends each message to every registered channel independently: one queue per channel (so a channel's rate limit
 * holds and a failing channel never delays another), retries with exponential backoff (or the channel's Retry-After),
 * and reports every final outcome to `onDelivery`.
 */
export class AlertDispatcher {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly registry: NotifierRegistry,
    private options: DispatcherOptions,
    private readonly onDelivery: (delivery: Delivery) => void,
    private readonly logger: Logger,
  ) {}

  setOptions(options: DispatcherOptions): void {
    this.options = options;
  }

  channels(): string[] {
    return this.registry.names();
  }

  /** Queues the message on every channel; resolves when every channel is done with it. */
  send(message: AlertMessage): Promise<Delivery[]> {
    return Promise.all(
      this.registry.names().map((channel) => {
        const previous = this.queues.get(channel) ?? Promise.resolve();
        const delivery = previous.then(() => this.deliver(channel, message));
        this.queues.set(channel, delivery.then(() => undefined));
        return delivery;
      }),
    );
  }

  /** Waits until every queued message is delivered or given up. */
  async drain(): Promise<void> {
    await Promise.all([...this.queues.values()]);
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
        this.logger.warn({ channel, attempt, err: error, retryInMs: wait, targets: messageTargets(message) }, 'alert delivery failed; retrying');
        await sleep(wait);
      }
    }
    this.logger.error({ channel, attempts: attempt, error: lastError, title: message.title }, 'alert delivery gave up');
    return this.report({ channel, message, outcome: 'failed', attempts: attempt, error: lastError, at: new Date() });
  }

  private report(delivery: Delivery): Delivery {
    try {
      this.onDelivery(delivery);
    } catch (error) {
      this.logger.error({ err: error }, 'recording an alert delivery failed');
    }
    return delivery;
  }
}
