import { fuzzOpenApi, fuzzTimeoutMs } from '@erp/testing';
import type { Fleet } from '@erp/harness/watchdog/workloads';
import { supervisedFleet } from './support/supervised-fleet';
import { ADMIN_TOKEN, WatchdogHarness } from './support/watchdog-harness';

/**
 * Every route of the watchdog's own OpenAPI document, fed generated hostile requests with the admin token (see
 * @erp/testing). The watchdog keeps its events in memory, so its event list is what a refused request must not change.
 */
describe('watchdog under generated hostile input', () => {
  let fleet: Fleet;
  let watchdog: WatchdogHarness;

  beforeAll(async () => {
    fleet = await supervisedFleet();
    await fleet.add({ name: 'fine' });
    // no observer answers here: verdicts come from the driver, and the event list settles
    watchdog = await WatchdogHarness.start({ ...fleet.driverEnv, OBSERVER_URL: 'http://127.0.0.1:9' });
  }, 120_000);

  afterAll(async () => {
    await watchdog?.stop();
    await fleet?.cleanup();
  });

  it(
    'when every route gets hostile values, wrong types, broken encodings, oversized and nested bodies, then no 5xx, every 4xx is problem+json and refused writes change nothing',
    async () => {
      const report = await fuzzOpenApi({
        baseUrl: watchdog.url,
        token: ADMIN_TOKEN,
        values: { name: ['fine'], target: ['fine'] },
        digest: async () => ({ events: JSON.stringify(await watchdog.events()) }),
      });
      expect(report.routes).toBe(3);
      expect({ seed: report.seed, failures: report.failures }).toEqual({ seed: report.seed, failures: [] });
    },
    fuzzTimeoutMs(),
  );
});
