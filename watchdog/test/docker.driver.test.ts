import { waitFor } from '@erp/testing';
import { dockerFleet } from '@erp/harness/watchdog/dockerd';
import { FakeObserver } from '@erp/harness/watchdog/fake-observer';
import { describeHealingScenarios } from './support/healing-scenarios';
import { OBSERVER_TOKEN, WatchdogHarness } from './support/watchdog-harness';

/** The watchdog against a real dockerd (scripts/start-dockerd.sh) with FROM-scratch busybox containers. */
describe('watchdog with the docker driver', () => {
  describeHealingScenarios(dockerFleet);

  it('when a labelled container is outside WATCHDOG_SCOPE, then it is never touched', async () => {
    const mine = await dockerFleet();
    const theirs = await dockerFleet();
    const observer = new FakeObserver({ token: OBSERVER_TOKEN });
    let watchdog: WatchdogHarness | undefined;
    try {
      const inScope = await mine.add({ name: 'ours' });
      const outOfScope = await theirs.add({ name: 'foreign' });
      for (const w of [inScope, outOfScope]) observer.watch({ name: w.name, healthUrl: w.healthUrl });
      await observer.start();
      await waitFor(() => observer.stateOf('ours') === 'UP' && observer.stateOf('foreign') === 'UP', { timeoutMs: 20_000 });
      watchdog = await WatchdogHarness.start({ ...mine.driverEnv, OBSERVER_URL: observer.url });
      const wd = watchdog;
      const foreignStart = await outOfScope.startedAt();

      outOfScope.break();
      inScope.break();
      await waitFor(async () => (await wd.eventsFor('ours', 'restart-completed')).length > 0, {
        timeoutMs: 30_000,
        message: 'ours restarted',
      });
      await waitFor(() => observer.stateOf('ours') === 'UP', { timeoutMs: 20_000 });

      expect(observer.stateOf('foreign')).toBe('DOWN');
      expect(await outOfScope.startedAt()).toBe(foreignStart);
      expect(await wd.eventsFor('foreign')).toEqual([]);
    } finally {
      await watchdog?.stop();
      await observer.stop();
      await mine.cleanup();
      await theirs.cleanup();
    }
  });
});
