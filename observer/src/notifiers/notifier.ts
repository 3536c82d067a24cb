import type { AlertMessage } from '../model/alert-message';

/** A delivery channel. One file per channel, registered in NotifierRegistry. */
export abstract class Notifier {
  abstract readonly name: string;
  /** Delivers one message; throws on failure (RateLimitedError when the channel asks to slow down). */
  abstract send(message: AlertMessage): Promise<void>;
  /** Releases connections. */
  async close(): Promise<void> {}
}

/** The channel refused for now; retry after `retryAfterMs`. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited; retry after ${retryAfterMs} ms`);
    this.name = 'RateLimitedError';
  }
}
