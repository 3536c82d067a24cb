import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { startTestCatalog, type TestCatalog } from '@erp/harness/catalog';
import { waitFor } from '@erp/testing';
import { startObserver, type ObserverHarness } from '@erp/harness/observer';
import { recordStateEvents, type StateEvent } from './support/observer-stream';
import { RecordingDriver, useRecordingDriver } from './support/recording-driver';
import { WatchdogHarness } from './support/watchdog-harness';

const FLOOD_MS = 30_000;

/** Every kind of bad request a careless or hostile client sends: with no token, a bad token, and an admin token (so validation is reached). */
function badRequests(admin: string): Array<{ kind: string; path: string; init?: RequestInit }> {
  const json = (body: string, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const tampered = `${admin.slice(0, -2)}${admin.endsWith('AA') ? 'BB' : 'AA'}`;
  return [
    { kind: 'NUL in a query', path: '/api/v1/products?q=%00' },
    { kind: 'broken %-encoding', path: '/api/v1/products/%E0%A4%A' },
    { kind: 'lone surrogate %-encoded', path: '/api/v1/products/%ED%A0%80' },
    { kind: 'broken %-encoding in a category', path: '/api/v1/categories/%E0%A4%A' },
    { kind: 'bad query values', path: '/api/v1/products?limit=-5&cursor=%ZZ' },
    { kind: 'unknown route', path: '/api/v1/no-such-thing' },
    {
      kind: 'wrong types',
      path: '/api/v1/products',
      init: json(JSON.stringify({ sku: 5, name: [], priceCents: 'x', currency: 1 }), admin),
    },
    {
      kind: 'NUL in a body',
      path: '/api/v1/products',
      init: json(JSON.stringify({ sku: 'FLOOD-NUL', name: 'a\u0000b', priceCents: 100, currency: 'EUR' }), admin),
    },
    { kind: 'broken JSON', path: '/api/v1/products', init: json('{"sku": ', admin) },
    { kind: 'deeply nested body', path: '/api/v1/products', init: json(`${'['.repeat(5000)}${']'.repeat(5000)}`, admin) },
    {
      kind: 'huge body',
      path: '/api/v1/products',
      init: json(JSON.stringify({ sku: 'FLOOD-BIG', name: 'x'.repeat(2 * 1024 * 1024), priceCents: 1, currency: 'EUR' }), admin),
    },
    {
      kind: 'no token',
      path: '/api/v1/products',
      init: json(JSON.stringify({ sku: 'FLOOD-ANON', name: 'n', priceCents: 1, currency: 'EUR' })),
    },
    { kind: 'not a token', path: '/api/v1/products', init: json('{}', 'not-a-jwt') },
    { kind: 'tampered token', path: '/api/v1/products', init: json('{}', tampered) },
  ];
}

/**
 * Issue 12, section 1: a flood of every kind of bad request at catalog (real database, real hr tokens), watched by a
 * real observer and a real watchdog (its driver records restarts of the in-process catalog): client errors never make
 * the member DOWN, nothing is restarted, and good requests keep being served.
 */
describe('a flood of bad requests', () => {
  let idp: TestIdentityProvider;
  let catalog: TestCatalog;
  let observer: ObserverHarness;
  let watchdog: WatchdogHarness;
  const driver = new RecordingDriver(['catalog']);

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    catalog = await startTestCatalog({ HR_URL: idp.url });
    observer = await startObserver({
      defaults: { intervalSeconds: 1, timeoutMs: 2000, thresholds: { failureThreshold: 3, successThreshold: 2, degradedForSeconds: 2 } },
      targets: [{ name: 'catalog', url: `${catalog.url}/health` }],
      alerting: { groupWindowSeconds: 1, reminderIntervalSeconds: 0 },
      reports: { enabled: false },
    });
    useRecordingDriver(driver);
    watchdog = await WatchdogHarness.start({ WATCHDOG_DRIVER: 'recording', OBSERVER_URL: observer.url });
  }, 60_000);
  afterAll(async () => {
    await watchdog?.stop();
    await observer?.stop();
    await catalog?.stop();
    await idp?.stop();
  });

  it(
    'when every kind of bad request floods catalog for 30 s, then it is never DOWN, never restarted, and serves every good request',
    async () => {
      const stateOf = async () =>
        (await observer.get<Array<{ name: string; state: string }>>('/api/v1/services')).find((s) => s.name === 'catalog')?.state;
      await waitFor(async () => (await stateOf()) === 'UP', { timeoutMs: 20_000, message: 'catalog UP at the observer' });
      await waitFor(async () => (await watchdog.status()).targets.some((t) => t.name === 'catalog' && t.verdict?.state === 'UP'), {
        timeoutMs: 10_000,
        message: 'the watchdog sees catalog UP',
      });
      const stream = await recordStateEvents(observer.url);
      const requests = badRequests(await idp.login('admin@erp.example'));
      const sent = new Map<string, Map<number, number>>();
      const good: number[] = [];
      const until = Date.now() + FLOOD_MS;

      // Two clients send the attack (`?q=%00`, no token) over and over; two more cycle through every kind.
      const flooder = async (offset: number, only?: number) => {
        for (let i = offset; Date.now() < until; i += 1) {
          const request = requests[only ?? i % requests.length] as (typeof requests)[number];
          const status = await fetch(catalog.url + request.path, { ...request.init, signal: AbortSignal.timeout(10_000) }).then(
            async (r) => (await r.arrayBuffer(), r.status),
            () => 0,
          );
          const counts = sent.get(request.kind) ?? new Map<number, number>();
          counts.set(status, (counts.get(status) ?? 0) + 1);
          sent.set(request.kind, counts);
        }
      };
      const goodClient = async () => {
        while (Date.now() < until) {
          const response = await fetch(`${catalog.url}/api/v1/products?limit=5`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
          good.push(response?.status ?? 0);
          await response?.arrayBuffer();
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };
      await Promise.all([flooder(0, 0), flooder(0, 0), flooder(3), flooder(10), goodClient()]);
      // The observer and the watchdog get one more full judgement of the aftermath.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      stream.close();

      const summary = Object.fromEntries([...sent].map(([kind, counts]) => [kind, Object.fromEntries(counts)]));
      if (process.env.FLOOD_REPORT)
        process.stderr.write(
          `bad requests by kind and status: ${JSON.stringify(summary)}\nstate events: ${JSON.stringify(stream.events)}\n`,
        );
      expect(Object.keys(summary).sort()).toEqual(requests.map((r) => r.kind).sort());
      const down = stream.events.filter((e: StateEvent) => e.name === 'catalog' && (e.to === 'DOWN' || e.to === 'PENDING'));
      expect(down).toEqual([]);
      expect(await stateOf()).toBe('UP');
      expect(driver.actions).toEqual([]);
      expect(await watchdog.eventsFor('catalog', 'restart')).toEqual([]);
      expect(good.length).toBeGreaterThan(0);
      expect(good.filter((status) => status !== 200)).toEqual([]);
      expect((await fetch(`${catalog.url}/api/v1/products?limit=1`)).status).toBe(200);
    },
    FLOOD_MS + 60_000,
  );
});
