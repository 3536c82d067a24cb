import { HealthMonitor } from '../src';
import { checkOf, pollUntil, startHealthApp, systemThresholdsOff, type HealthApp } from './support/health-app';
import { PingServer, TcpProxy, linePing, redisPing } from './support/tcp-dependency';

const REDIS = { host: '127.0.0.1', port: 6379 };

describe('a required dependency (real Redis behind a TCP proxy)', () => {
  let proxy: TcpProxy;
  let app: HealthApp;
  const outcomes = new Map<number, 'ok' | 'error'>();
  let started = 0;

  beforeEach(async () => {
    proxy = new TcpProxy(REDIS);
    await proxy.listen();
    outcomes.clear();
    started = 0;
    const monitor = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0', thresholds: systemThresholdsOff, maxReportAgeMs: 0 });
    monitor.addCheck({
      name: 'redis:responseTime',
      componentType: 'datastore',
      intervalMs: 100,
      timeoutMs: 500,
      warnMs: 400,
      required: true,
      run: async (signal) => {
        const run = ++started;
        try {
          await redisPing(proxy.port, signal);
          outcomes.set(run, 'ok');
        } catch (error) {
          outcomes.set(run, 'error');
          throw error;
        }
      },
    });
    app = await startHealthApp(monitor);
    monitor.start();
    monitor.setReady(true);
    await pollUntil(
      () => app.get('/health'),
      (r) => checkOf(r.json, 'redis:responseTime').status === 'pass',
    );
  });

  afterEach(async () => {
    await app.close();
    await proxy.close();
  });

  it('when Redis stops answering, then the first run after it fails the check, /health turns fail (503) and /health/ready 503', async () => {
    const runsBefore = started;
    proxy.hang();

    const health = await pollUntil(
      () => app.get('/health'),
      (r) => r.status === 503,
    );

    expect(outcomes.get(runsBefore + 1)).toBe('error');
    expect(health.json.status).toBe('fail');
    expect(checkOf(health.json, 'redis:responseTime')).toMatchObject({
      status: 'fail',
      output: 'timed out after 500 ms',
      componentType: 'datastore',
    });
    const ready = await app.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ status: 'fail', output: 'required check not passing: redis:responseTime' });
  });

  it('when Redis answers again, then the check and the service are back to pass', async () => {
    proxy.hang();
    await pollUntil(
      () => app.get('/health'),
      (r) => r.status === 503,
    );

    await proxy.restore();

    const health = await pollUntil(
      () => app.get('/health'),
      (r) => r.status === 200,
    );
    expect(health.json.status).toBe('pass');
    expect(checkOf(health.json, 'redis:responseTime').status).toBe('pass');
    expect((await app.get('/health/ready')).status).toBe(200);
  });

  it('when the proxy refuses connections, then the check fails with the connection error and recovers once it listens again', async () => {
    await proxy.close();

    const down = await pollUntil(
      () => app.get('/health'),
      (r) => r.status === 503,
    );
    expect(checkOf(down.json, 'redis:responseTime').output).toMatch(/ECONNREFUSED/);

    await proxy.restore();
    const up = await pollUntil(
      () => app.get('/health'),
      (r) => r.status === 200,
    );
    expect(checkOf(up.json, 'redis:responseTime').status).toBe('pass');
  });
});

describe('a non-required downstream (a TCP server the test stops and starts)', () => {
  it('when it stops, then its check and the overall status are warn (200, still ready), and pass again when it is back', async () => {
    const downstream = new PingServer();
    await downstream.listen();
    const monitor = new HealthMonitor({ serviceId: 'orders', version: '0.1.0', thresholds: systemThresholdsOff, maxReportAgeMs: 0 });
    monitor.addCheck({
      name: 'inventory:responseTime',
      componentType: 'component',
      componentId: `tcp://127.0.0.1:${downstream.port}`,
      intervalMs: 100,
      timeoutMs: 500,
      required: false,
      run: (signal) => linePing(downstream.port, signal),
    });
    const app = await startHealthApp(monitor);
    try {
      monitor.start();
      monitor.setReady(true);
      await pollUntil(
        () => app.get('/health'),
        (r) => r.json.status === 'pass',
      );

      await downstream.close();
      const degraded = await pollUntil(
        () => app.get('/health'),
        (r) => r.json.status === 'warn',
      );
      expect(degraded.status).toBe(200);
      expect(checkOf(degraded.json, 'inventory:responseTime')).toMatchObject({
        status: 'warn',
        output: expect.stringMatching(/ECONNREFUSED.*\(not required\)$/),
      });
      expect((await app.get('/health/ready')).status).toBe(200);

      await downstream.listen();
      const recovered = await pollUntil(
        () => app.get('/health'),
        (r) => r.json.status === 'pass',
      );
      expect(checkOf(recovered.json, 'inventory:responseTime').status).toBe('pass');
    } finally {
      await app.close();
      await downstream.close();
    }
  });
});

describe('a check that hangs', () => {
  it('when a run is still pending, then /health answers at once with the last result', async () => {
    const monitor = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0', thresholds: systemThresholdsOff, maxReportAgeMs: 0 });
    let runs = 0;
    let settled = false;
    let release: () => void = () => undefined;
    monitor.addCheck({
      name: 'postgres:responseTime',
      componentType: 'datastore',
      intervalMs: 10,
      timeoutMs: 60_000,
      run: () => {
        runs += 1;
        if (runs === 1) return Promise.resolve();
        return new Promise<void>((resolve) => {
          release = () => {
            settled = true;
            resolve();
          };
        });
      },
    });
    const app = await startHealthApp(monitor);
    try {
      monitor.start();
      await pollUntil(
        async () => runs,
        (n) => n >= 2,
      );

      const during = await app.get('/health');

      expect(settled).toBe(false);
      expect(during.status).toBe(200);
      expect(checkOf(during.json, 'postgres:responseTime').status).toBe('pass');
      release();
    } finally {
      await app.close();
    }
  });

  it('when the first run is still pending, then /health answers warn and /health/ready 503 (not known to be up yet)', async () => {
    const monitor = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0', thresholds: systemThresholdsOff, maxReportAgeMs: 0 });
    let called = false;
    monitor.addCheck({
      name: 'postgres:responseTime',
      componentType: 'datastore',
      timeoutMs: 60_000,
      run: () => {
        called = true;
        return new Promise<void>(() => undefined);
      },
    });
    const app = await startHealthApp(monitor);
    try {
      monitor.start();
      monitor.setReady(true);
      await pollUntil(
        async () => called,
        (c) => c,
      );

      const health = await app.get('/health');
      const ready = await app.get('/health/ready');

      expect(health.status).toBe(200);
      expect(checkOf(health.json, 'postgres:responseTime')).toMatchObject({
        status: 'warn',
        observedValue: null,
        output: 'pending: the first run has not finished',
      });
      expect(ready.status).toBe(503);
    } finally {
      await app.close();
    }
  });

  it('when a run outlives timeoutMs, then it is failed, its signal is aborted and the next run starts', async () => {
    const monitor = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0', thresholds: systemThresholdsOff, maxReportAgeMs: 0 });
    const signals: AbortSignal[] = [];
    monitor.addCheck({
      name: 'postgres:responseTime',
      componentType: 'datastore',
      intervalMs: 20,
      timeoutMs: 50,
      run: (signal) => {
        signals.push(signal);
        return new Promise<void>(() => undefined);
      },
    });
    const app = await startHealthApp(monitor);
    try {
      monitor.start();

      const health = await pollUntil(
        () => app.get('/health'),
        (r) => r.status === 503,
      );
      await pollUntil(
        async () => signals.length,
        (n) => n >= 2,
      );

      expect(checkOf(health.json, 'postgres:responseTime')).toMatchObject({ status: 'fail', output: 'timed out after 50 ms' });
      expect(signals[0]?.aborted).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('when the monitor stops, then the running check is aborted and no further run starts', async () => {
    const monitor = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0' });
    const signals: AbortSignal[] = [];
    monitor.addCheck({
      name: 'postgres:responseTime',
      componentType: 'datastore',
      intervalMs: 10,
      timeoutMs: 60_000,
      run: (signal) => {
        signals.push(signal);
        return new Promise<void>(() => undefined);
      },
    });
    monitor.start();
    await pollUntil(
      async () => signals.length,
      (n) => n === 1,
    );

    monitor.stop();

    expect(signals[0]?.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signals).toHaveLength(1);
  });
});
