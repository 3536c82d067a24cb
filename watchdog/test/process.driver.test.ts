import { waitFor } from '@erp/testing';
import { FakeObserver } from '@erp/harness/watchdog/fake-observer';
import { describeHealingScenarios } from './support/healing-scenarios';
import { supervisedFleet } from './support/supervised-fleet';
import { OBSERVER_TOKEN, WatchdogHarness } from './support/watchdog-harness';

/** The watchdog against the launcher's real Supervisor and its API, with real child processes. */
describe('watchdog with the process driver', () => {
  describeHealingScenarios(supervisedFleet);

  it('when a process hangs (SIGSTOP), then the observer sees it DOWN and the watchdog brings a new one up', async () => {
    const fleet = await supervisedFleet();
    const observer = new FakeObserver({ token: OBSERVER_TOKEN });
    let watchdog: WatchdogHarness | undefined;
    try {
      const hung = await fleet.add({ name: 'hung', startPeriodMs: 1000 });
      observer.watch({ name: 'hung', healthUrl: hung.healthUrl });
      await observer.start();
      await waitFor(() => observer.stateOf('hung') === 'UP', { timeoutMs: 20_000 });
      watchdog = await WatchdogHarness.start({ ...fleet.driverEnv, OBSERVER_URL: observer.url, WATCHDOG_RESTART_TIMEOUT_MS: '2000' });
      await waitFor(() => fleet.supervisor.get('hung').state === 'running', { timeoutMs: 20_000 });
      const { pid } = fleet.supervisor.get('hung');

      process.kill(pid ?? 0, 'SIGSTOP');
      const wd = watchdog;
      await waitFor(async () => (await wd.eventsFor('hung', 'restart-completed')).length > 0, {
        timeoutMs: 30_000,
        message: 'hung restarted',
      });
      await waitFor(() => observer.stateOf('hung') === 'UP', { timeoutMs: 20_000, message: 'hung UP again' });

      expect(fleet.supervisor.get('hung').pid).not.toBe(pid);
      expect(observer.events.filter((e) => e.target === 'hung').map((e) => e.kind)).toContain('restart');
    } finally {
      await watchdog?.stop();
      await observer.stop();
      await fleet.cleanup();
    }
  });
});
