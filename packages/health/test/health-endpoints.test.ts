import { HealthMonitor, parseHealthReport } from '../src';
import { checkOf, pollUntil, startHealthApp, systemThresholdsOff, type HealthApp } from './support/health-app';

describe('GET /health, /health/live, /health/ready', () => {
  let monitor: HealthMonitor;
  let app: HealthApp;

  beforeEach(async () => {
    // The machine's own load must not decide these tests: system thresholds are off here (thresholds.test.ts covers them).
    monitor = new HealthMonitor({
      serviceId: 'catalog',
      version: '0.1.0',
      releaseId: 'abc123',
      thresholds: { ...systemThresholdsOff, minRequests: 1 },
      maxReportAgeMs: 0,
    });
    monitor.addCheck({ name: 'postgres:responseTime', componentType: 'datastore', run: async () => undefined, intervalMs: 50 });
    monitor.addCheck({
      name: 'inventory:responseTime',
      componentType: 'component',
      componentId: 'http://127.0.0.1:8003',
      run: async () => undefined,
      intervalMs: 50,
      required: false,
    });
    app = await startHealthApp(monitor, (express) => {
      express.get('/ok', (_req, res) => {
        res.json({ ok: true });
      });
      express.get('/boom', (_req, res) => {
        res.status(500).json({ error: 'boom' });
      });
      express.get('/missing', (_req, res) => {
        res.status(404).json({ error: 'missing' });
      });
    });
    monitor.start();
    monitor.setReady(true);
  });

  afterEach(() => app.close());

  it('when /health is read, then it has the shape of the design example: every check carries componentType, observedValue, observedUnit, status and time', async () => {
    const { json } = await pollUntil(
      () => app.get('/health'),
      (r) => r.json.status === 'pass',
    );

    expect(json).toMatchObject({ status: 'pass', serviceId: 'catalog', version: '0.1.0', releaseId: 'abc123' });
    const checks = json.checks as Record<string, unknown[]>;
    expect(Object.keys(checks).sort()).toEqual(
      [
        'cpu:utilization',
        'eventloop:delay',
        'http:errorRate',
        'http:responseTime',
        'inventory:responseTime',
        'memory:utilization',
        'postgres:responseTime',
        'uptime',
      ].sort(),
    );
    for (const [name, entries] of Object.entries(checks)) {
      if (name !== 'uptime') expect(name).toMatch(/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/);
      expect(entries).toHaveLength(1);
      const entry = entries[0] as Record<string, unknown>;
      expect(typeof entry.componentType).toBe('string');
      expect(typeof entry.observedValue).toBe('number');
      expect(typeof entry.observedUnit).toBe('string');
      expect(['pass', 'warn', 'fail']).toContain(entry.status);
      expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
    }
    expect(checkOf(json, 'uptime')).toMatchObject({ componentType: 'system', observedUnit: 's' });
    expect(checkOf(json, 'cpu:utilization')).toMatchObject({ componentType: 'system', observedUnit: 'percent' });
    expect(checkOf(json, 'memory:utilization')).toMatchObject({ componentType: 'system', observedUnit: 'bytes' });
    expect(checkOf(json, 'eventloop:delay')).toMatchObject({ componentType: 'system', observedUnit: 'ms' });
    expect(checkOf(json, 'http:responseTime')).toMatchObject({ componentType: 'component', observedUnit: 'ms' });
    expect(checkOf(json, 'http:errorRate')).toMatchObject({ componentType: 'component', observedUnit: 'ratio' });
    expect(checkOf(json, 'postgres:responseTime')).toMatchObject({ componentType: 'datastore', observedUnit: 'ms', status: 'pass' });
    expect(checkOf(json, 'inventory:responseTime')).toMatchObject({
      componentType: 'component',
      componentId: 'http://127.0.0.1:8003',
      status: 'pass',
    });
  });

  it('when /health is read, then the fleet parser accepts it as it is', async () => {
    const { text } = await app.get('/health');

    const parsed = parseHealthReport(text);

    expect(parsed).toMatchObject({ ok: true, report: { serviceId: 'catalog' } });
  });

  it.each(['/health', '/health/live', '/health/ready'])(
    'when %s is read, then it is application/health+json and never cached',
    async (path) => {
      const response = await pollUntil(
        () => app.get(path),
        (r) => r.status === 200,
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/health+json; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.json.status).toBe('pass');
    },
  );

  it('when requests are served, then http:errorRate is the 5xx share of them and /health itself is not counted', async () => {
    await app.get('/ok');
    await app.get('/boom');
    await app.get('/missing');
    await app.get('/ok');
    await app.get('/health/live');

    const { json } = await app.get('/health');

    expect(checkOf(json, 'http:errorRate')).toMatchObject({
      observedValue: 0.25,
      output: '1 of 4 requests answered 5xx over the last 60 s',
    });
    const responseTime = checkOf(json, 'http:responseTime');
    expect(responseTime.observedValue as number).toBeGreaterThan(0);
    expect(responseTime.output).toMatch(/^p95 over the last 60 s; p50 [\d.]+, p99 [\d.]+; 4 requests$/);
  });

  it('when the path has a query string or a trailing slash, then it is still the health endpoint', async () => {
    expect((await app.get('/health?verbose=1')).headers.get('content-type')).toBe('application/health+json; charset=utf-8');
    expect((await app.get('/health/ready/')).json).toMatchObject({ serviceId: 'catalog' });
  });

  it('when the path only starts like a health path or the method is not GET/HEAD, then the request goes on to the app', async () => {
    const lookalike = await app.get('/healthz');
    const post = await fetch(`${app.url}/health`, { method: 'POST' });

    expect(lookalike.status).toBe(404);
    expect(lookalike.headers.get('content-type')).not.toMatch(/health\+json/);
    expect(post.status).toBe(404);
  });

  it('when a HEAD request asks for /health, then it gets the status and headers without a body', async () => {
    const response = await fetch(`${app.url}/health`, { method: 'HEAD' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/health+json; charset=utf-8');
    expect(await response.text()).toBe('');
  });
});

describe('the served report cache', () => {
  it('when nothing changed and the report is younger than maxReportAgeMs, then /health serves the same bytes without rebuilding', async () => {
    const monitor = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0', maxReportAgeMs: 3_600_000 });
    const app = await startHealthApp(monitor, (express) =>
      express.get('/ok', (_req, res) => {
        res.send('ok');
      }),
    );
    try {
      const first = await app.get('/health');
      await app.get('/ok');
      await app.get('/ok');

      const second = await app.get('/health');

      expect(second.text).toBe(first.text);
      expect(checkOf(second.json, 'http:errorRate').output).toMatch(/^0 of 0 requests/);
    } finally {
      await app.close();
    }
  });

  it('when a check result arrives, then the next /health is rebuilt even inside maxReportAgeMs', async () => {
    const monitor = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0', maxReportAgeMs: 3_600_000 });
    let release: () => void = () => undefined;
    monitor.addCheck({
      name: 'postgres:responseTime',
      componentType: 'datastore',
      run: () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      timeoutMs: 60_000,
    });
    const app = await startHealthApp(monitor);
    try {
      monitor.start();
      const before = await app.get('/health');
      expect(checkOf(before.json, 'postgres:responseTime')).toMatchObject({
        status: 'warn',
        output: 'pending: the first run has not finished',
      });

      release();
      const after = await pollUntil(
        () => app.get('/health'),
        (r) => checkOf(r.json, 'postgres:responseTime').status === 'pass',
      );

      expect(checkOf(after.json, 'postgres:responseTime').observedUnit).toBe('ms');
    } finally {
      await app.close();
    }
  });
});
