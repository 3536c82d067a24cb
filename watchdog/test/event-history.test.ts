import { waitFor } from '@erp/testing';
import { startObserver, type ObserverHarness } from '@erp/harness/observer';
import { ADMIN_TOKEN as OBSERVER_ADMIN_TOKEN } from '@erp/harness/observer';
import { RecordingDriver, useRecordingDriver } from './support/recording-driver';
import { WatchdogHarness } from './support/watchdog-harness';

/** Issue 12, section 5: the watchdog's events survive its own restart (the observer keeps them; a new watchdog reads them back). */
describe('watchdog events across a restart of the watchdog', () => {
  let observer: ObserverHarness;
  let watchdog: WatchdogHarness | undefined;

  beforeAll(async () => {
    observer = await startObserver({
      defaults: { intervalSeconds: 1, timeoutMs: 1000 },
      targets: [{ name: 'observer-itself', url: 'http://127.0.0.1:9/', kind: 'http' }],
      reports: { enabled: false },
    });
  });
  afterAll(async () => {
    await watchdog?.stop();
    await observer?.stop();
  });

  it('when the watchdog restarts, then the new one lists the events of the old one, numbered as before, and numbers its own after them', async () => {
    const driver = new RecordingDriver(['shop']);
    useRecordingDriver(driver);
    const env = { WATCHDOG_DRIVER: 'recording', OBSERVER_URL: observer.url, OBSERVER_ADMIN_TOKEN };
    const first = await WatchdogHarness.start(env);
    watchdog = first;
    driver.crash('shop');
    await waitFor(async () => (await first.eventsFor('shop', 'restart-completed')).length > 0, {
      timeoutMs: 15_000,
      message: 'shop restarted',
    });
    const before = await first.events();
    await first.stop();
    watchdog = undefined;

    const second = await WatchdogHarness.start(env);
    watchdog = second;
    driver.crash('shop');
    await waitFor(async () => (await second.eventsFor('shop', 'restart-completed')).length > 1, {
      timeoutMs: 15_000,
      message: 'shop restarted again',
    });
    const after = await second.events();

    expect(before.map((e) => e.kind)).toEqual(expect.arrayContaining(['restart', 'restart-completed']));
    expect(after.slice(0, before.length)).toEqual(before);
    const newer = after.slice(before.length);
    expect(newer.map((e) => e.kind)).toEqual(expect.arrayContaining(['restart', 'restart-completed']));
    expect(newer.every((e) => e.seq > Math.max(...before.map((b) => b.seq)))).toBe(true);
    // the watchdog keeps acting (a backoff wait may be logged meanwhile): events only ever append, so the answer starts with `newer`
    const since = await second.events({ after: String(before.at(-1)?.seq) });
    expect(since.slice(0, newer.length)).toEqual(newer);
    expect(since.every((e) => e.seq > Math.max(...before.map((b) => b.seq)))).toBe(true);
  });
});
