import { rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '@erp/testing';
import { ensureDockerd } from '@erp/harness/watchdog/dockerd';
import { FakeObserver } from '@erp/harness/watchdog/fake-observer';
import { OBSERVER_TOKEN, WatchdogHarness } from './support/watchdog-harness';

interface HealthBody {
  status: string;
  checks: Record<string, Array<{ status: string; output?: string }>>;
}

async function health(url: string): Promise<{ status: number; body: HealthBody }> {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as HealthBody };
}

describe('watchdog without a Docker engine', () => {
  const socket = path.join(os.tmpdir(), `erp-wd-missing-${process.pid}.sock`);
  let proxy: net.Server | undefined;
  let watchdog: WatchdogHarness | undefined;
  const observer = new FakeObserver({ token: OBSERVER_TOKEN });

  beforeAll(() => observer.start());
  afterAll(async () => {
    await watchdog?.stop();
    await observer.stop();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    rmSync(socket, { force: true });
  });

  it('when the socket is missing, then it keeps running, /health fails naming the socket, and it recovers once the engine is there', async () => {
    rmSync(socket, { force: true });
    watchdog = await WatchdogHarness.start({ WATCHDOG_DRIVER: 'docker', DOCKER_HOST: `unix://${socket}`, OBSERVER_URL: observer.url });
    const wd = watchdog;

    const failing = await waitFor(
      async () => {
        const h = await health(wd.url);
        return h.status === 503 && h.body.checks['docker:responseTime']?.[0]?.status === 'fail' ? h : null;
      },
      { timeoutMs: 15_000, message: '/health fails' },
    );
    expect(failing.body.checks['docker:responseTime']?.[0]?.output).toContain(`cannot reach the Docker engine at unix://${socket}`);
    // /health's engine check and the decision loop's listing run on their own schedules: wait for the loop's verdict too
    const status = await waitFor(
      async () => {
        const s = await wd.status();
        return s.driver.error === null ? null : s;
      },
      { timeoutMs: 15_000, message: 'the status names the driver error' },
    );
    expect(status.driver).toMatchObject({ name: 'docker', available: false });
    expect(status.driver.error).toContain(socket);
    const [unavailable] = await wd.events({ kind: 'driver-unavailable' });
    expect(unavailable?.severity).toBe('critical');

    // The engine appears at that path: a real unix socket forwarding to the test dockerd.
    const engine = ensureDockerd().replace(/^unix:\/\//, '');
    proxy = net.createServer((client) => {
      const upstream = net.connect(engine);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy?.listen(socket, resolve));

    await waitFor(async () => (await health(wd.url)).status === 200, { timeoutMs: 15_000, message: '/health passes again' });
    await waitFor(async () => (await wd.events({ kind: 'driver-available' })).length === 1, {
      timeoutMs: 15_000,
      message: 'driver-available event',
    });
    expect((await wd.status()).driver.available).toBe(true);
  });
});
