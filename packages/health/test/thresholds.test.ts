import { HealthMonitor, defaultThresholds, resolveThresholds } from '../src';
import { checkOf, startHealthApp, systemThresholdsOff } from './support/health-app';

describe('thresholds', () => {
  it('when no override is given, then the defaults apply', () => {
    expect(resolveThresholds()).toEqual(defaultThresholds);
  });

  it('when one limit is overridden, then the other limit of that metric keeps its default', () => {
    const resolved = resolveThresholds({ 'http:responseTime': { warn: 250 } });

    expect(resolved['http:responseTime']).toEqual({ warn: 250, fail: defaultThresholds['http:responseTime'].fail });
    expect(resolved['http:errorRate']).toEqual(defaultThresholds['http:errorRate']);
  });

  it('when an override is invalid, then construction throws naming the field', () => {
    expect(() => new HealthMonitor({ serviceId: 'x', version: '1', thresholds: { 'http:errorRate': { warn: -1 } } })).toThrow(
      /http:errorRate/,
    );
    expect(() => resolveThresholds({ 'disk:usage': { warn: 1 } } as never)).toThrow(/disk:usage/);
  });

  it('when the 5xx share passes warn and then fail, then http:errorRate and the service turn warn (200) and then fail (503)', async () => {
    const monitor = new HealthMonitor({
      serviceId: 'catalog',
      version: '0.1.0',
      maxReportAgeMs: 0,
      thresholds: { ...systemThresholdsOff, 'http:errorRate': { warn: 0.1, fail: 0.5 }, minRequests: 4 },
    });
    const app = await startHealthApp(monitor, (express) => {
      express.get('/ok', (_req, res) => {
        res.send('ok');
      });
      express.get('/boom', (_req, res) => {
        res.status(503).send('down');
      });
    });
    try {
      await app.get('/boom');
      const tooFew = await app.get('/health');
      expect(checkOf(tooFew.json, 'http:errorRate')).toMatchObject({
        observedValue: 1,
        status: 'pass',
        output: expect.stringMatching(/fewer than 4 requests: not judged/),
      });

      for (let i = 0; i < 3; i++) await app.get('/ok');
      const warn = await app.get('/health');
      expect(checkOf(warn.json, 'http:errorRate')).toMatchObject({ observedValue: 0.25, status: 'warn' });
      expect(warn.status).toBe(200);
      expect(warn.json.status).toBe('warn');

      for (let i = 0; i < 3; i++) await app.get('/boom');
      const fail = await app.get('/health');
      expect(checkOf(fail.json, 'http:errorRate')).toMatchObject({ observedValue: 0.5714, status: 'fail' });
      expect(fail.status).toBe(503);
      expect(fail.json.status).toBe('fail');
    } finally {
      await app.close();
    }
  });

  it('when every request with the default thresholds is answered 5xx or 4xx, then http:errorRate counts only the 5xx and stays warn: /health is 200, never fail', async () => {
    const monitor = new HealthMonitor({ serviceId: 'catalog', version: '0.1.0', maxReportAgeMs: 0, thresholds: systemThresholdsOff });
    const app = await startHealthApp(monitor, (express) => {
      express.get('/bad-input', (_req, res) => {
        res.status(400).send('bad');
      });
      express.get('/boom', (_req, res) => {
        res.status(500).send('boom');
      });
    });
    try {
      for (let i = 0; i < 20; i++) await app.get('/bad-input');
      const clientErrors = await app.get('/health');
      expect(checkOf(clientErrors.json, 'http:errorRate')).toMatchObject({ observedValue: 0, status: 'pass' });

      for (let i = 0; i < 60; i++) await app.get('/boom');
      const serverErrors = await app.get('/health');
      expect(checkOf(serverErrors.json, 'http:errorRate')).toMatchObject({
        observedValue: 0.75,
        status: 'warn',
        output: '60 of 80 requests answered 5xx over the last 60 s',
      });
      expect(serverErrors.status).toBe(200);
      expect(serverErrors.json.status).toBe('warn');
    } finally {
      await app.close();
    }
  });

  it('when the resident memory is over the warn limit, then memory:utilization and the service are warn', async () => {
    const monitor = new HealthMonitor({
      serviceId: 'catalog',
      version: '0.1.0',
      maxReportAgeMs: 0,
      thresholds: { ...systemThresholdsOff, 'memory:utilization': { warn: 1024, fail: null } },
    });
    const app = await startHealthApp(monitor);
    try {
      const health = await app.get('/health');

      expect(checkOf(health.json, 'memory:utilization').status).toBe('warn');
      expect(health.json.status).toBe('warn');
      expect(health.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('when the latency p95 is over the fail limit, then http:responseTime and the service fail', async () => {
    const monitor = new HealthMonitor({
      serviceId: 'catalog',
      version: '0.1.0',
      maxReportAgeMs: 0,
      thresholds: { ...systemThresholdsOff, 'http:responseTime': { warn: 0, fail: 0 }, minRequests: 1 },
    });
    const app = await startHealthApp(monitor, (express) =>
      express.get('/ok', (_req, res) => {
        res.send('ok');
      }),
    );
    try {
      await app.get('/ok');

      const health = await app.get('/health');

      expect(checkOf(health.json, 'http:responseTime').status).toBe('fail');
      expect(health.status).toBe(503);
    } finally {
      await app.close();
    }
  });
});
