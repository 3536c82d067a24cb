import { waitFor } from '@erp/testing';
import { addProducts, placeOrder, startFleet, stock, newKey, type Fleet } from '@erp/harness/commerce-fleet';
import { startObserver, type ObserverHarness } from '@erp/harness/observer';
import { recordStateEvents } from './support/observer-stream';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { RecordingDriver, useRecordingDriver } from './support/recording-driver';
import { WatchdogHarness } from './support/watchdog-harness';

const STALL_MS = 10_000;
const MEMBERS = ['catalog', 'inventory', 'orders'];
const SKU = 'STALL-ITEM-1';

interface Incident {
  kind: string;
  cause: string;
  endedAt: string | null;
  affected: { target: string }[];
}

/**
 * Issue 12, section 4: a PostgreSQL (the test's own; every member, hr and the observer keep their databases in it)
 * stalls for 10 s under light order traffic. One incident names the datastore, nothing is restarted, no order is lost.
 */
describe('a datastore stall', () => {
  let pg: PrivatePostgres;
  let fleet: Fleet;
  let observer: ObserverHarness;
  let watchdog: WatchdogHarness;
  const driver = new RecordingDriver(MEMBERS);
  const adminUrlBefore = process.env.TEST_DATABASE_ADMIN_URL;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    process.env.TEST_DATABASE_ADMIN_URL = pg.adminUrl;
    fleet = await startFleet();
    await addProducts(fleet, [{ sku: SKU, priceCents: 1250 }]);
    await stock(fleet, SKU, 100_000);
    const target = (name: string, url: string, dependsOn: string[] = [], thresholds = {}) => ({
      name,
      url: `${url}/health`,
      dependsOn,
      thresholds,
    });
    // inventory needs 5 good polls to be UP again: it stays DOWN for seconds after it answers while the others
    // recover around it — the window in which the observer used to recompute its cause from its (passing) latest poll.
    observer = await startObserver({
      defaults: { intervalSeconds: 1, timeoutMs: 2000, thresholds: { failureThreshold: 2, successThreshold: 2, degradedForSeconds: 30 } },
      targets: [
        target('catalog', fleet.catalog.url),
        target('inventory', fleet.inventory.url, [], { successThreshold: 5 }),
        target('orders', fleet.orders.url, ['catalog', 'inventory']),
      ],
      alerting: { groupWindowSeconds: 2, reminderIntervalSeconds: 0 },
      reports: { enabled: false },
    });
    useRecordingDriver(driver);
    watchdog = await WatchdogHarness.start({ WATCHDOG_DRIVER: 'recording', OBSERVER_URL: observer.url });
  }, 120_000);
  afterAll(async () => {
    pg?.resume();
    await watchdog?.stop();
    await observer?.stop();
    await fleet?.stop();
    if (adminUrlBefore === undefined) delete process.env.TEST_DATABASE_ADMIN_URL;
    else process.env.TEST_DATABASE_ADMIN_URL = adminUrlBefore;
    await pg?.stop();
  }, 60_000);

  it('when PostgreSQL stalls for 10 s under light order traffic, then one incident names the datastore, nothing is restarted, and every order placed is kept', async () => {
    const services = () =>
      observer.get<Array<{ name: string; state: string; rootCause: string | null; failure: string | null }>>('/api/v1/services');
    const allUp = async () => (await services()).every((s) => s.state === 'UP');
    await waitFor(allUp, { timeoutMs: 30_000, message: 'every member UP' });
    await waitFor(async () => (await watchdog.status()).targets.filter((t) => t.verdict?.state === 'UP').length === MEMBERS.length, {
      timeoutMs: 10_000,
      message: 'the watchdog sees them UP',
    });
    const stream = await recordStateEvents(observer.url);

    // A client placing one order every 300 ms; each order is retried with its own Idempotency-Key until it gets an answer.
    const placed = new Map<string, number>();
    let traffic = true;
    const client = (async () => {
      for (let n = 0; traffic; n += 1) {
        const key = newKey();
        for (;;) {
          const answer = await Promise.race([
            placeOrder(fleet, { customerId: `stall-${n}`, lines: [{ sku: SKU, quantity: 1 }] }, key),
            new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
          ]).catch(() => null);
          if (answer && answer.status < 500) {
            placed.set(key, answer.status);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 4000));
    pg.stall();
    await new Promise((resolve) => setTimeout(resolve, STALL_MS));
    pg.resume();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    traffic = false;
    await client;
    await waitFor(allUp, { timeoutMs: 60_000, message: 'every member UP again' });
    await waitFor(async () => (await observer.get<Incident[]>('/api/v1/incidents?open=true')).length === 0, {
      timeoutMs: 30_000,
      message: 'the incident closed',
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    stream.close();

    if (process.env.STALL_REPORT) {
      const report = {
        placed: placed.size,
        states: stream.events,
        incidents: await observer.get<Incident[]>('/api/v1/incidents'),
        watchdog: (await watchdog.events()).map((e) => `${e.kind} ${e.target}: ${e.message}`),
      };
      process.stderr.write(`${JSON.stringify(report, null, 1)}\n`);
    }
    // The outage was seen, and blamed on the datastore.
    const wentDown = stream.events.filter((e) => e.to === 'DOWN');
    expect(wentDown.length).toBeGreaterThan(0);
    const incidents = (await observer.get<Incident[]>('/api/v1/incidents')).filter((i) => i.kind === 'down');
    expect(incidents).toEqual([expect.objectContaining({ cause: 'check:postgres', endedAt: expect.any(String) })]);
    expect(incidents[0]?.affected.map((a) => a.target)).toEqual(expect.arrayContaining(wentDown.map((e) => e.name)));

    // Nothing was restarted.
    expect(driver.actions).toEqual([]);
    expect(await watchdog.events({ kind: 'restart' })).toEqual([]);

    // Every order the client placed was confirmed and is kept, with its stock reserved.
    expect(placed.size).toBeGreaterThan(0);
    expect([...placed.values()].filter((status) => status !== 201)).toEqual([]);
    const orders = await fleet.orders.sql<{ status: string; count: string }>('SELECT status, count(*) FROM orders GROUP BY status');
    expect(orders).toEqual([{ status: 'confirmed', count: String(placed.size) }]);
    const levels = (await fleet.inventory.call('GET', `/api/v1/stock/${SKU}`)).body;
    expect(levels).toMatchObject({ onHand: 100_000, reserved: placed.size });
  }, 180_000);
});
