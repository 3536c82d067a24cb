import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type InfluxServer, startInfluxServer, waitFor } from '@erp/testing';
import { InfluxDB } from 'influx';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

/**
 * Grafana cannot run here, so every query of every provisioned dashboard (panels, annotations, template variables)
 * runs against a real InfluxDB filled by a real observer, and must answer with data.
 */
const dashboardsDir = path.resolve(__dirname, '../../grafana/dashboards');

interface Target {
  query: string;
}
interface Panel {
  title: string;
  targets?: Target[];
}
interface Dashboard {
  title: string;
  panels: Panel[];
  annotations: { list: Array<{ name: string; query: string }> };
  templating: { list: Array<{ name: string; query: string }> };
}

const dashboards = readdirSync(dashboardsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(dashboardsDir, f), 'utf8')) as Dashboard);

/** Every InfluxQL query of a dashboard, named for the test report. */
function queriesOf(d: Dashboard): Array<[string, string]> {
  return [
    ...d.panels.flatMap((p) => (p.targets ?? []).map((t, i): [string, string] => [`${d.title} › panel "${p.title}" #${i + 1}`, t.query])),
    ...d.annotations.list.map((a): [string, string] => [`${d.title} › annotation "${a.name}"`, a.query]),
    ...d.templating.list.map((v): [string, string] => [`${d.title} › variable $${v.name}`, v.query]),
  ];
}

/** What Grafana substitutes before sending a query: the time range, the interval and the "All" service selection. */
const expandMacros = (q: string): string =>
  q.replaceAll('$timeFilter', 'time > now() - 1h').replaceAll('$__interval', '1s').replaceAll('$service', '.*');

describe('Grafana dashboards against a real InfluxDB', () => {
  let influxd: InfluxServer;
  let targets: FakeTarget[];
  let observer: ObserverHarness;
  let client: InfluxDB;
  const database = 'erp_metrics_grafana';

  beforeAll(async () => {
    influxd = await startInfluxServer();
    targets = await Promise.all(
      ['alpha', 'beta'].map((n) =>
        startFakeTarget(n, {
          kind: 'metrics',
          checks: {
            'http:responseTime': 3,
            'http:errorRate': 0.01,
            'cpu:utilization': 12,
            'memory:utilization': 90e6,
            'eventloop:delay': 1.5,
          },
        }),
      ),
    );
    observer = await startObserver(
      fastConfig(
        targets.map((t) => ({ name: t.name, url: t.healthUrl })),
        { influx: { flushIntervalMs: 200, rollup1mResampleEvery: '2s', writeTimeoutMs: 1000 } },
      ),
      { INFLUX_URL: influxd.urlFor(database) },
    );
    client = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database });
    // a state change and an alert (beta goes down), and a watchdog event
    targets[1]?.set({ kind: 'failing' });
    await waitFor(
      async () =>
        (await observer.get<Array<{ name: string; state: string }>>('/api/v1/services')).some(
          (s) => s.name === 'beta' && s.state === 'DOWN',
        ),
      { timeoutMs: 15_000, message: 'beta DOWN' },
    );
    const posted = await observer.request('/api/v1/events', {
      method: 'POST',
      body: { source: 'watchdog', kind: 'restart', target: 'beta', severity: 'info', message: 'restarted beta' },
    });
    expect(posted.status).toBe(202);
    const has = async (q: string): Promise<boolean> => ((await client.query(q)) as unknown[]).length > 0;
    await waitFor(
      async () =>
        (await has('SELECT * FROM "rollup_1m"."probe" LIMIT 1')) &&
        (await has(`SELECT * FROM "raw"."event" LIMIT 1`)) &&
        (await has(`SELECT * FROM "raw"."alert" LIMIT 1`)) &&
        (await has(`SELECT * FROM "raw"."observer" LIMIT 1`)),
      { timeoutMs: 30_000, intervalMs: 250, message: 'rollups, events, alerts and observer points in InfluxDB' },
    );
  }, 90_000);

  afterAll(async () => {
    await observer?.stop();
    await Promise.all((targets ?? []).map((t) => t.close()));
    await influxd?.destroy();
  });

  test('when the dashboards are provisioned, then there is at least one with queries', () => {
    expect(dashboards.flatMap(queriesOf).length).toBeGreaterThan(10);
  });

  test.each(dashboards.flatMap(queriesOf))('when %s runs, then InfluxDB answers it with data', async (_name, query) => {
    const rows = (await client.query(expandMacros(query))) as unknown[];
    expect(rows.length).toBeGreaterThan(0);
  });
});
