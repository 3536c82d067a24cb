import { Redis } from 'ioredis';
import { waitFor } from '@erp/testing';
import { createLogger, createPublisher, subscribe, type Subscription } from '../src';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ name: 'pubsub-test', level: 'silent' });

describe('pub/sub notices (real Redis)', () => {
  const channel = `kit-test:${process.pid}:${Date.now()}`;
  const connectionName = `kit-pubsub-test-${process.pid}`;
  let admin: Redis;
  let subscription: Subscription | undefined;

  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });
  afterAll(() => admin.disconnect());
  afterEach(async () => subscription?.close());

  test('when a notice is published, then a live subscriber gets it parsed; a notice that is not JSON is dropped', async () => {
    const received: unknown[] = [];
    subscription = subscribe(REDIS_URL, channel, { message: (payload) => received.push(payload) }, logger, { connectionName });
    await waitFor(() => subscription!.live);
    const publisher = createPublisher(REDIS_URL, logger);
    try {
      expect(await publisher.publish(channel, { skus: ['A-1'] })).toBe(1);
      await admin.publish(channel, 'not json');
      await publisher.publish(channel, { skus: ['B-2'] });
      await waitFor(() => received.length === 2);
      expect(received).toEqual([{ skus: ['A-1'] }, { skus: ['B-2'] }]);
    } finally {
      await publisher.close();
    }
  });

  test('when the connection is cut, then the subscriber hears lost at once and live again once resubscribed, and gets notices again', async () => {
    const events: string[] = [];
    const received: unknown[] = [];
    subscription = subscribe(
      REDIS_URL,
      channel,
      { message: (payload) => received.push(payload), live: () => events.push('live'), lost: () => events.push('lost') },
      logger,
      { connectionName },
    );
    await waitFor(() => subscription!.live);
    const ids = String(await admin.client('LIST'))
      .split('\n')
      .filter((line) => line.includes(` name=${connectionName} `))
      .map((line) => /\bid=(\d+)/.exec(line)?.[1]);
    expect(ids).toHaveLength(1);
    await admin.client('KILL', 'ID', ids[0]!);
    await waitFor(() => events.includes('lost'));
    await waitFor(() => subscription!.live, { timeoutMs: 10_000 });
    expect(events).toEqual(['live', 'lost', 'live']);
    await admin.publish(channel, JSON.stringify({ after: 'reconnect' }));
    await waitFor(() => received.length === 1);
  });

  test('when closed, then it is no longer live and Redis counts no subscriber', async () => {
    subscription = subscribe(REDIS_URL, channel, { message: () => undefined }, logger, { connectionName });
    await waitFor(() => subscription!.live);
    await subscription.close();
    expect(subscription.live).toBe(false);
    await waitFor(async () => (await admin.publish(channel, '{}')) === 0);
  });
});
