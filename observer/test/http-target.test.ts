import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@erp/testing';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

interface Service {
  name: string;
  state: string;
  status: string | null;
  error: string | null;
  degraded: boolean;
  degradedReasons: string[];
}

describe('plain HTTP targets, timeouts and slow answers', () => {
  let site: http.Server;
  let siteStatus = 200;
  let slow: FakeTarget;
  let observer: ObserverHarness;
  const service = async (name: string) => (await observer.get<Service[]>('/api/v1/services')).find((s) => s.name === name) as Service;

  beforeAll(async () => {
    site = http.createServer((_req, res) => res.writeHead(siteStatus, { 'content-type': 'text/html' }).end('<html>shop</html>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    slow = await startFakeTarget('slow');
    const port = (site.address() as AddressInfo).port;
    observer = await startObserver(
      fastConfig([
        { name: 'site', url: `http://127.0.0.1:${port}/`, kind: 'http', expectStatus: [200] },
        { name: 'slow', url: slow.healthUrl, thresholds: { latencyMs: 150, degradedForSeconds: 1 } },
      ]),
    );
    await waitFor(async () => (await service('site')).state === 'UP' && (await service('slow')).state === 'UP', {
      timeoutMs: 10_000,
      message: 'UP',
    });
  });
  afterAll(async () => {
    await observer.stop();
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
    await slow.close();
  });

  test('when a plain HTTP target answers an unexpected status, then it goes DOWN naming the status', async () => {
    expect((await service('site')).status).toBe('pass');
    siteStatus = 500;
    await waitFor(async () => (await service('site')).state === 'DOWN', { timeoutMs: 10_000, message: 'DOWN' });
    expect((await service('site')).error).toBe('unexpected HTTP status 500');
    siteStatus = 200;
    await waitFor(async () => (await service('site')).state === 'UP', { timeoutMs: 10_000, message: 'UP again' });
  });

  test('when a target answers slower than its latency threshold, then it is DEGRADED, not DOWN', async () => {
    slow.set({ kind: 'slow', delayMs: 300 });
    const degraded = await waitFor(async () => ((await service('slow')).degraded ? service('slow') : null), {
      timeoutMs: 10_000,
      message: 'degraded',
    });
    expect(degraded.state).toBe('UP');
    expect(degraded.degradedReasons[0]).toMatch(/^response time \d+ ms > 150 ms$/);
    slow.set({ kind: 'healthy' });
    await waitFor(async () => !(await service('slow')).degraded, { timeoutMs: 10_000, message: 'not degraded' });
  });

  test('when a target hangs, then the poll is cut at its timeout and the target goes DOWN', async () => {
    slow.set({ kind: 'hang' });
    await waitFor(async () => (await service('slow')).state === 'DOWN', { timeoutMs: 10_000, message: 'DOWN' });
    expect((await service('slow')).error).toBe('timed out after 500 ms');
    slow.set({ kind: 'healthy' });
    await waitFor(async () => (await service('slow')).state === 'UP', { timeoutMs: 10_000, message: 'UP again' });
  });
});
