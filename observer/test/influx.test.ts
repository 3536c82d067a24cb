import { type InfluxServer, startInfluxServer, waitFor } from '@erp/testing';
import { InfluxDB } from 'influx';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

interface Stats {
  influx: { up: boolean; buffered: number; dropped: number; written: number };
}

describe('history in a real InfluxDB', () => {
  let influxd: InfluxServer;
  let targets: FakeTarget[];
  let observer: ObserverHarness;
  let client: InfluxDB;
  const database = 'erp_metrics_test';

  beforeAll(async () => {
    influxd = await startInfluxServer();
    targets = await Promise.all(['alpha', 'beta'].map((n) => startFakeTarget(n)));
    observer = await startObserver(
      fastConfig(
        targets.map((t) => ({ name: t.name, url: t.healthUrl })),
        {
          influx: { flushIntervalMs: 200, rollup1mResampleEvery: '2s', writeTimeoutMs: 1000 },
        },
      ),
      { INFLUX_URL: influxd.urlFor(database) },
    );
    client = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database });
  });

  afterAll(async () => {
    await observer.stop();
    await Promise.all(targets.map((t) => t.close()));
    await influxd.destroy();
  });

  const count = async (query: string): Promise<number> => {
    const rows = (await client.query(query)) as unknown as { count: number }[];
    return rows[0]?.count ?? 0;
  };

  test('when the observer starts, then it creates the database, the retention policies and the continuous queries', async () => {
    await waitFor(async () => (await observer.get<Stats & { influx: { ready: boolean } }>('/api/v1/observer')).influx.ready, {
      message: 'influx set up',
    });
    const policies = await client.showRetentionPolicies(database);
    expect(policies.map((p) => [p.name, p.duration, p.default])).toEqual(
      expect.arrayContaining([
        ['raw', '168h0m0s', true],
        ['rollup_1m', '2160h0m0s', false],
        ['rollup_1h', '17472h0m0s', false],
      ]),
    );
    const cqs = (await client.showContinousQueries(database)).map((cq) => cq.name).sort();
    expect(cqs).toEqual(['cq_check_1h', 'cq_check_1m', 'cq_probe_1h', 'cq_probe_1m']);
  });

  test('when targets are polled, then every sample lands in raw.probe and raw.check with the right tags', async () => {
    await waitFor(async () => (await count(`SELECT count("latency") FROM "raw"."probe" WHERE "service" = 'alpha'`)) >= 3, {
      timeoutMs: 10_000,
      message: 'alpha samples',
    });
    const rows = (await client.query(
      `SELECT * FROM "raw"."probe" WHERE "service" = 'alpha' ORDER BY time DESC LIMIT 1`,
    )) as unknown as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ service: 'alpha', kind: 'health', status: 'pass', state: 'UP', up: 1, http_status: 200 });
    expect(typeof rows[0]?.latency).toBe('number');
    const checks = (await client.query(
      `SELECT * FROM "raw"."check" WHERE "service" = 'beta' AND "check" = 'postgres:responseTime' LIMIT 1`,
    )) as unknown as Record<string, unknown>[];
    expect(checks[0]).toMatchObject({
      service: 'beta',
      check: 'postgres:responseTime',
      component_type: 'datastore',
      status: 'pass',
      value: 0.5,
    });
    // Every poll the target answered is a point (compare with the target's own request count, read before and after).
    await observer.request('/api/v1/observer');
    const before = targets[0]?.requests() as number;
    await waitFor(async () => (await count(`SELECT count("latency") FROM "raw"."probe" WHERE "service" = 'alpha'`)) >= before, {
      timeoutMs: 5_000,
      message: 'all polls written',
    });
  });

  test('when InfluxDB restarts mid-run, then the samples taken meanwhile are buffered and written in order, none lost', async () => {
    await waitFor(async () => (await observer.get<Stats>('/api/v1/observer')).influx.up, { message: 'influx up' });
    await influxd.stop();
    const requestsAtStop = targets[1]?.requests() as number;
    // Three seconds' worth: 2 targets × (1 probe + 2 checks) points per second.
    await waitFor(async () => (await observer.get<Stats>('/api/v1/observer')).influx.buffered >= 18, {
      timeoutMs: 10_000,
      message: 'points buffered',
    });
    await influxd.start();
    await waitFor(
      async () => {
        const s = (await observer.get<Stats>('/api/v1/observer')).influx;
        return s.up && s.buffered < 10;
      },
      { timeoutMs: 20_000, message: 'buffer drained' },
    );
    const requestsAfter = targets[1]?.requests() as number;
    // Every poll of beta between stop and start was written once InfluxDB came back.
    const total = await waitFor(
      async () => {
        const n = await count(`SELECT count("latency") FROM "raw"."probe" WHERE "service" = 'beta'`);
        return n >= requestsAfter - 1 ? n : 0;
      },
      { timeoutMs: 10_000, message: 'no gap' },
    );
    expect(total).toBeGreaterThanOrEqual(requestsAtStop);
    expect((await observer.get<Stats>('/api/v1/observer')).influx.dropped).toBe(0);
  });

  test('when samples are written, then the continuous queries produce 1-minute rollups with percentiles', async () => {
    const rows = await waitFor(
      async () => {
        const result = (await client.query(`SELECT * FROM "rollup_1m"."probe" WHERE "service" = 'alpha'`)) as unknown as Record<
          string,
          unknown
        >[];
        return result.length > 0 ? result : null;
      },
      { timeoutMs: 20_000, intervalMs: 500, message: '1m rollup' },
    );
    expect(rows[0]).toEqual(expect.objectContaining({ service: 'alpha', up: 1 }));
    for (const field of ['latency', 'p50', 'p95', 'p99', 'max', 'samples']) expect(typeof rows[0]?.[field]).toBe('number');
    await waitFor(async () => (await count(`SELECT count("value") FROM "rollup_1m"."check" WHERE "check" = 'postgres:responseTime'`)) > 0, {
      timeoutMs: 20_000,
      message: 'check rollup',
    });
  });

  test('when history is asked for at 1m resolution, then it comes from the InfluxDB rollup', async () => {
    const history = await observer.get<{ source: string; points: { p95: number | null; count: number }[] }>(
      '/api/v1/services/alpha/history?resolution=1m',
    );
    expect(history.source).toBe('influx');
    expect(history.points.length).toBeGreaterThan(0);
    expect(history.points[0]?.p95).not.toBeNull();
    const raw = await observer.get<{ points: { t: string }[] }>('/api/v1/services/alpha/history?resolution=raw&limit=3');
    expect(raw.points).toHaveLength(3);
    expect(Date.parse(raw.points[0]?.t as string)).toBeLessThan(Date.parse(raw.points[2]?.t as string));
  });
});
