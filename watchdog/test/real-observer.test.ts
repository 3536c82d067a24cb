import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { waitFor } from '@erp/testing';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { dockerFleet } from '@erp/harness/watchdog/dockerd';
import type { Fleet } from '@erp/harness/watchdog/workloads';
import { WatchdogHarness } from './support/watchdog-harness';

interface ObservedService {
  name: string;
  state: string;
}
interface ObserverEvent {
  source: string;
  kind: string;
  target: string;
  severity: string;
}

/**
 * End to end with the real observer (its own Postgres database), a real hr issuing the watchdog's service token,
 * and a real container on the test dockerd.
 */
describe('watchdog with the real observer', () => {
  let idp: TestIdentityProvider;
  let fleet: Fleet;
  let observer: ObserverHarness | undefined;
  let watchdog: WatchdogHarness | undefined;

  beforeAll(async () => {
    idp = await startTestIdentityProvider({ serviceClients: ['watchdog'] });
    fleet = await dockerFleet();
  });
  afterAll(async () => {
    await watchdog?.stop();
    await observer?.stop();
    await fleet?.cleanup();
    await idp?.stop();
  });

  it('when the observer says DOWN, then the watchdog restarts the container, and the observer shows the restart (posted with the service token) and the service UP again', async () => {
    const shop = await fleet.add({ name: 'shop' });
    observer = await startObserver(fastConfig([{ name: 'shop', url: shop.healthUrl, kind: 'http', expectStatus: [200] }]), {
      HR_URL: idp.url,
    });
    const obs = observer;
    const stateOfShop = async () => (await obs.get<ObservedService[]>('/api/v1/services')).find((s) => s.name === 'shop')?.state;
    await waitFor(async () => (await stateOfShop()) === 'UP', { timeoutMs: 20_000, message: 'shop UP at the observer' });
    // No static observer token: only the service account's token from hr can get the events in.
    watchdog = await WatchdogHarness.start({
      ...fleet.driverEnv,
      OBSERVER_URL: obs.url,
      OBSERVER_ADMIN_TOKEN: '',
      HR_URL: idp.url,
      AUTH_CLIENT_ID: 'watchdog',
      AUTH_CLIENT_SECRET: idp.clientSecret('watchdog'),
    });
    const wd = watchdog;
    const started = await shop.startedAt();

    shop.break();
    await waitFor(async () => (await wd.eventsFor('shop', 'restart-completed')).length > 0, {
      timeoutMs: 30_000,
      message: 'shop restarted',
    });
    await waitFor(async () => (await stateOfShop()) === 'UP', { timeoutMs: 20_000, message: 'shop UP again' });

    expect(await shop.startedAt()).toBeGreaterThan(started ?? 0);
    const [restart] = await wd.eventsFor('shop', 'restart');
    expect(restart?.data).toMatchObject({ verdict: 'DOWN', verdictSource: 'observer' });
    const atObserver = await waitFor(
      async () => {
        const events = await obs.get<ObserverEvent[]>('/api/v1/events?target=shop');
        return events.find((e) => e.source === 'watchdog' && e.kind === 'restart') ?? null;
      },
      { timeoutMs: 10_000, message: 'the restart event at the observer' },
    );
    expect(atObserver.severity).toBe('warning');
  });
});
