import { createDatabaseDigest, fuzzOpenApi, fuzzTimeoutMs, waitFor, type DatabaseDigest } from '@erp/testing';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { ADMIN_TOKEN, fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

/** Every route of the observer's own OpenAPI document, fed generated hostile requests with the admin token (see @erp/testing). */
describe('observer under generated hostile input', () => {
  let target: FakeTarget;
  let observer: ObserverHarness;
  let digest: DatabaseDigest;

  beforeAll(async () => {
    target = await startFakeTarget('shop');
    observer = await startObserver(fastConfig([{ name: 'shop', url: target.healthUrl }]));
    await waitFor(async () => (await observer.get<{ state: string }>('/api/v1/services/shop')).state === 'UP', {
      timeoutMs: 15_000,
      message: 'shop UP',
    });
    // the probes keep writing state changes and incidents (a maintenance window the fuzzer opens makes one): not the requests' doing
    digest = await createDatabaseDigest(observer.service.context.config.DATABASE_URL as string, {
      exclude: ['state_transitions', 'incidents', 'alert_log'],
    });
  }, 120_000);

  afterAll(async () => {
    await digest?.close();
    await observer?.stop();
    await target?.close();
  });

  it(
    'when every route gets hostile values, wrong types, broken encodings, oversized and nested bodies, then no 5xx, every 4xx is problem+json and refused writes change nothing',
    async () => {
      const report = await fuzzOpenApi({
        baseUrl: observer.url,
        token: ADMIN_TOKEN,
        values: { name: ['shop'], target: ['shop'] },
        digest: () => digest.read(),
      });
      expect(report.routes).toBeGreaterThan(10);
      expect({ seed: report.seed, failures: report.failures }).toEqual({ seed: report.seed, failures: [] });
    },
    fuzzTimeoutMs(),
  );
});
