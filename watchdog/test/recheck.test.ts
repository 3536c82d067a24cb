import { waitFor } from '@erp/testing';
import { EventLog } from '../src/domain/event-log';
import { RestartPolicy } from '../src/domain/restart-policy';
import type { Verdict } from '../src/domain/target';
import type { VerdictSource } from '../src/domain/verdict-source';
import { wireWatchdog, type Watchdog } from '../src/service';
import { RecordingDriver } from './support/recording-driver';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The observer as the watchdog's loop sees it: a verdict that may be behind, and a re-check that tells the truth. */
function observerSaying(stale: Verdict, fresh: Verdict): VerdictSource {
  let current = stale;
  return {
    url: 'http://observer.test',
    snapshot: () => ({ reachable: true, verdicts: new Map([[current.name, current]]), lastContactAt: Date.now(), error: null }),
    onChange: () => undefined,
    recheck: () => {
      current = fresh;
      return Promise.resolve(fresh);
    },
  };
}

async function watch(source: VerdictSource, driver: RecordingDriver): Promise<{ watchdog: Watchdog; events: EventLog }> {
  const events = new EventLog({ capacity: 100, dryRun: false, clock: Date.now, logger: quiet, sinks: [] });
  const policy = new RestartPolicy({
    backoffInitialMs: 10_000,
    backoffMaxMs: 60_000,
    backoffResetMs: 60_000,
    giveUpAfter: 5,
    giveUpWindowMs: 60_000,
    budget: 5,
    budgetWindowMs: 60_000,
    defaultStartPeriodMs: 0,
  });
  const watchdog = wireWatchdog({
    driver,
    verdicts: source,
    policy,
    events,
    clock: Date.now,
    tickMs: 50,
    restartTimeoutMs: 2000,
    stopTimeoutMs: 0,
    dryRun: false,
  });
  watchdog.start();
  return { watchdog, events };
}

describe('the re-check right before a restart', () => {
  const down = (failure: Verdict['failure'], state: Verdict['state'] = 'DOWN'): Verdict => ({
    name: 'inventory',
    state,
    rootCause: null,
    failure,
    checkedAt: Date.now() + 1000,
    source: 'observer',
  });

  test('when the verdict says DOWN but the observer, asked again, has seen the latest poll pass, then the restart is called off, nothing is restarted, and no restart is counted', async () => {
    const driver = new RecordingDriver(['inventory']);
    const { watchdog, events } = await watch(observerSaying(down('liveness'), down(null)), driver);
    try {
      await waitFor(() => events.list({ limit: 100, kind: 'restart-called-off' }).length > 0, { timeoutMs: 5000, message: 'called off' });
      await new Promise((resolve) => setTimeout(resolve, 300));

      expect(driver.restarts()).toEqual([]);
      expect(events.list({ limit: 100, kind: 'restart' })).toEqual([]);
      expect(events.list({ limit: 100, kind: 'restart-called-off' })[0]?.message).toBe(
        "not restarting inventory: the observer's latest word is that its latest poll passes (state DOWN)",
      );
      expect(watchdog.view.status().targets[0]).toMatchObject({ streak: 0, restartsInWindow: 0, lastRestartAt: null });
    } finally {
      await watchdog.stop();
    }
  });

  test('when the observer, asked again, confirms the liveness failure, then the target is restarted and the event says it was re-checked', async () => {
    const driver = new RecordingDriver(['inventory']);
    const { watchdog, events } = await watch(observerSaying(down('liveness'), down('liveness')), driver);
    try {
      await waitFor(() => events.list({ limit: 100, kind: 'restart-completed' }).length > 0, { timeoutMs: 5000, message: 'restarted' });

      expect(driver.restarts()).toEqual(['inventory']);
      expect(events.list({ limit: 100, kind: 'restart' })[0]).toMatchObject({
        message: expect.stringMatching(/^restarting inventory: the observer says DOWN and its latest poll failed on liveness \(attempt 1/),
        data: expect.objectContaining({ rechecked: true }),
      });
    } finally {
      await watchdog.stop();
    }
  });
});
