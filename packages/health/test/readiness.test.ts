import { HealthMonitor } from '../src';
import { pollUntil, startHealthApp, systemThresholdsOff, type HealthApp } from './support/health-app';

describe('/health/ready and /health/live', () => {
  let monitor: HealthMonitor;
  let app: HealthApp;
  let dependencyUp: boolean;

  beforeEach(async () => {
    dependencyUp = true;
    monitor = new HealthMonitor({
      serviceId: 'catalog',
      version: '0.1.0',
      releaseId: 'r1',
      thresholds: systemThresholdsOff,
      maxReportAgeMs: 0,
    });
    monitor.addCheck({
      name: 'postgres:responseTime',
      componentType: 'datastore',
      intervalMs: 20,
      timeoutMs: 1_000,
      required: true,
      run: async () => {
        if (!dependencyUp) throw new Error('connection refused');
      },
    });
    app = await startHealthApp(monitor);
    monitor.start();
    await pollUntil(
      () => app.get('/health'),
      (r) => r.json.status === 'pass',
    );
  });

  afterEach(() => app.close());

  it('when the service has not said it is ready, then /health/ready is 503 "starting" while /health/live is 200', async () => {
    const ready = await app.get('/health/ready');
    const live = await app.get('/health/live');

    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ status: 'fail', serviceId: 'catalog', version: '0.1.0', releaseId: 'r1', output: 'starting' });
    expect(live.status).toBe(200);
    expect(live.json).toEqual({ status: 'pass', serviceId: 'catalog', version: '0.1.0', releaseId: 'r1' });
  });

  it('when it is ready and its required checks pass, then /health/ready is 200', async () => {
    monitor.setReady(true);

    const ready = await app.get('/health/ready');

    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'pass', serviceId: 'catalog', version: '0.1.0', releaseId: 'r1' });
  });

  it('when it is draining, then /health/ready is 503 "draining" while /health stays 200', async () => {
    monitor.setReady(true);

    monitor.setDraining();

    const ready = await app.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.json.output).toBe('draining');
    expect((await app.get('/health')).status).toBe(200);
  });

  it('when a required check fails, then /health/ready is 503 naming it, and 200 again once it passes', async () => {
    monitor.setReady(true);

    dependencyUp = false;
    const notReady = await pollUntil(
      () => app.get('/health/ready'),
      (r) => r.status === 503,
    );
    expect(notReady.json.output).toBe('required check not passing: postgres:responseTime');

    dependencyUp = true;
    await pollUntil(
      () => app.get('/health/ready'),
      (r) => r.status === 200,
    );
  });

  it('when a required check changes status, then the logger hears of each change once', async () => {
    const heard: Array<{ level: string; msg: string | undefined }> = [];
    const logger = {
      info: (_obj: object, msg?: string) => heard.push({ level: 'info', msg }),
      warn: (_obj: object, msg?: string) => heard.push({ level: 'warn', msg }),
    };
    let up = true;
    const logged = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0', logger });
    logged.addCheck({
      name: 'redis:responseTime',
      componentType: 'datastore',
      intervalMs: 10,
      run: async () => {
        if (!up) throw new Error('refused');
      },
    });
    logged.start();
    try {
      await pollUntil(
        async () => heard.length,
        (n) => n === 1,
      );
      up = false;
      await pollUntil(
        async () => heard.length,
        (n) => n === 2,
      );
      up = true;
      await pollUntil(
        async () => heard.length,
        (n) => n === 3,
      );

      expect(heard).toEqual([
        { level: 'info', msg: 'health check redis:responseTime is pass' },
        { level: 'warn', msg: 'health check redis:responseTime is fail' },
        { level: 'info', msg: 'health check redis:responseTime is pass' },
      ]);
    } finally {
      logged.stop();
    }
  });

  it('when the process is marked broken, then /health/live is 503 with the reason', async () => {
    monitor.markBroken('migrations failed');

    const live = await app.get('/health/live');

    expect(live.status).toBe(503);
    expect(live.json).toMatchObject({ status: 'fail', output: 'migrations failed' });
  });
});
