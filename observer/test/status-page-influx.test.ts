import { type InfluxServer, startInfluxServer, waitFor } from '@erp/testing';
import { InfluxDB } from 'influx';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { startFakeTarget, type FakeTarget } from './support/fake-target';

interface StatusPage {
  groups: { name: string; uptime90d: number | null; days: { date: string; uptime: number | null }[] }[];
}

const DAY_MS = 86_400_000;

describe('the status page reads 90 days of daily uptime from the InfluxDB hourly rollups', () => {
  let influxd: InfluxServer;
  let targets: FakeTarget[];
  let observer: ObserverHarness;
  let client: InfluxDB;
  const database = 'erp_metrics_status';

  beforeAll(async () => {
    influxd = await startInfluxServer();
    targets = await Promise.all(['web-1', 'web-2'].map((n) => startFakeTarget(n)));
    observer = await startObserver(
      fastConfig(
        targets.map((t) => ({ name: t.name, url: t.healthUrl })),
        { statusPage: { title: 'Status', groups: [{ name: 'Website', targets: ['web-1', 'web-2'] }] } },
      ),
      { INFLUX_URL: influxd.urlFor(database) },
    );
    client = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database });
    await waitFor(async () => (await observer.get<{ influx: { ready: boolean } }>('/api/v1/observer')).influx.ready, {
      message: 'influx set up',
    });
  });
  afterAll(async () => {
    await observer?.stop();
    await Promise.all((targets ?? []).map((t) => t.close()));
    await influxd?.destroy();
  });

  test('each day is the share of good polls over the group’s targets, weighted by samples; days without rollups are null', async () => {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const hour = (daysAgo: number, h: number) => new Date(today - daysAgo * DAY_MS + h * 3_600_000);
    const rollup = (service: string, at: Date, up: number, samples: number) => ({
      measurement: 'probe',
      tags: { service },
      fields: { latency: 5, p50: 5, p95: 8, p99: 9, max: 10, up, samples },
      timestamp: at,
    });
    // 3 days ago: web-1 lost half its polls in one hour (1800 of 3600), web-2 was fine: (1800 + 3600) / 7200 = 75 %.
    // 80 days ago: two good hours of web-1.
    await client.writePoints(
      [
        rollup('web-1', hour(3, 10), 0.5, 3600),
        rollup('web-2', hour(3, 10), 1, 3600),
        rollup('web-1', hour(80, 1), 1, 3600),
        rollup('web-1', hour(80, 2), 1, 3600),
      ],
      { retentionPolicy: 'rollup_1h', precision: 'ms' },
    );
    const response = await fetch(`${observer.url}/api/v1/status`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as StatusPage;
    const [group] = page.groups;
    expect(group?.name).toBe('Website');
    expect(group?.days).toHaveLength(90);
    const byDate = new Map(group?.days.map((d) => [d.date, d.uptime]));
    expect(byDate.get(hour(3, 0).toISOString().slice(0, 10))).toBe(75);
    expect(byDate.get(hour(80, 0).toISOString().slice(0, 10))).toBe(100);
    expect(byDate.get(hour(2, 0).toISOString().slice(0, 10))).toBeNull();
    expect(byDate.get(hour(89, 0).toISOString().slice(0, 10))).toBeNull();
    // (1800 + 3600 + 7200) good of 14400 polls — plus today's live polls (all good) if the hourly rollup ran meanwhile.
    if (byDate.get(hour(0, 0).toISOString().slice(0, 10)) === null) expect(group?.uptime90d).toBe(87.5);
    else expect(group?.uptime90d).toBeGreaterThan(87.5);
  });
});
