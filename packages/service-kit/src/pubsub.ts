import { Redis } from 'ioredis';
import type { Logger } from './logger';

/** Publishes JSON notices on Redis channels (fire and forget: subscribers that are away miss them). */
export interface Publisher {
  /** Publishes `message` as JSON; resolves to the number of subscribers that received it. */
  publish(channel: string, message: unknown): Promise<number>;
  close(): Promise<void>;
}

/** A live subscription to one channel. */
export interface Subscription {
  /** True while subscribed: every notice published meanwhile reaches the handler. */
  readonly live: boolean;
  close(): Promise<void>;
}

/** What a subscriber is told. */
export interface SubscriptionHandlers {
  /** A notice (parsed JSON; a notice that is not JSON is logged and dropped). */
  message(payload: unknown): void;
  /** Subscribed (again): notices from the time it was away are lost, so anything derived from them must be dropped. */
  live?(): void;
  /** The connection was lost: no notices arrive until `live` is called again. */
  lost?(): void;
}

const RETRY = (attempt: number) => Math.min(attempt * 100, 2000);

/** A publisher on `redisUrl`; a publish that Redis does not take within 500 ms rejects (callers log it and go on). */
export function createPublisher(redisUrl: string, logger: Logger): Publisher {
  const redis = new Redis(redisUrl, {
    connectionName: 'publisher',
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    retryStrategy: RETRY,
    lazyConnect: true,
  });
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'publisher connection error'));
  return {
    publish: (channel, message) => redis.publish(channel, JSON.stringify(message)),
    async close() {
      redis.disconnect();
    },
  };
}

/**
 * Subscribes to `channel` on `redisUrl`, reconnecting with backoff. `live` turns true once subscribed and false as soon
 * as the connection drops; handlers hear about both, so a cache that depends on the notices is only trusted while live.
 * `connectionName` is what Redis shows in CLIENT LIST.
 */
export function subscribe(
  redisUrl: string,
  channel: string,
  handlers: SubscriptionHandlers,
  logger: Logger,
  options: { connectionName?: string } = {},
): Subscription {
  let live = false;
  let closed = false;
  const redis = new Redis(redisUrl, {
    connectionName: options.connectionName ?? 'subscriber',
    retryStrategy: RETRY,
    autoResubscribe: false,
    maxRetriesPerRequest: null,
  });
  const lose = () => {
    if (!live) return;
    live = false;
    logger.warn({ channel }, 'subscription lost; resubscribing');
    handlers.lost?.();
  };
  redis.on('error', (error: Error) => logger.debug({ err: error, channel }, 'subscriber connection error'));
  redis.on('close', lose);
  redis.on('ready', () => {
    redis.subscribe(channel).then(
      () => {
        if (closed || live) return;
        live = true;
        logger.info({ channel }, 'subscribed');
        handlers.live?.();
      },
      (error: unknown) => {
        logger.warn({ err: error, channel }, 'subscribe failed; reconnecting');
        redis.disconnect(true);
      },
    );
  });
  redis.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      logger.warn({ channel }, 'dropped a notice that is not JSON');
      return;
    }
    handlers.message(payload);
  });
  return {
    get live() {
      return live;
    },
    async close() {
      closed = true;
      live = false;
      redis.disconnect();
    },
  };
}
