import { waitFor } from '@erp/testing';
import { DecisionLoop } from '../src/domain/decision-loop';
import { EventLog } from '../src/domain/event-log';
import type { RestartDecision } from '../src/domain/restart-executor';
import { RestartPolicy } from '../src/domain/restart-policy';
import type { Verdict } from '../src/domain/target';
import type { VerdictSource } from '../src/domain/verdict-source';
import { WatchdogStatus } from '../src/domain/watchdog-status';
import { RecordingDriver } from './support/recording-driver';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** An observer that says `inventory` is DOWN on liveness, checked after the recording driver's start. */
function observerSayingDown(): VerdictSource {
  const verdict: Verdict = {
    name: 'inventory',
    state: 'DOWN',
    rootCause: null,
    failure: 'liveness',
    checkedAt: Date.now() + 1000,
    source: 'observer',
  };
  return {
    url: 'http://observer.test',
    snapshot: () => ({ reachable: true, verdicts: new Map([['inventory', verdict]]), lastContactAt: Date.now(), error: null }),
    onChange: () => undefined,
    recheck: () => Promise.resolve(verdict),
  };
}

describe('the decision loop', () => {
  const driver = new RecordingDriver(['inventory']);
  const verdicts = observerSayingDown();
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
  const events = new EventLog({ capacity: 100, dryRun: false, clock: Date.now, logger: quiet, sinks: [] });
  const handed: RestartDecision[] = [];
  const loop = new DecisionLoop({
    driver,
    verdicts,
    policy,
    events,
    restarts: { execute: (decision) => handed.push(decision) },
    clock: Date.now,
    tickMs: 50,
  });
  const view = new WatchdogStatus({ loop, driver, verdicts, policy, events, clock: Date.now, dryRun: false });

  beforeAll(() => loop.start());
  afterAll(() => loop.stop());

  test('when the policy decides a restart, then the loop hands it to the executor once and carries out nothing itself', async () => {
    await waitFor(() => handed.length > 0, { timeoutMs: 5000, message: 'a restart handed over' });
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(handed.map((d) => [d.kind, d.target.name, d.attempt])).toEqual([['restart', 'inventory', 1]]);
    expect(driver.actions).toEqual([]);
    expect(events.list({ limit: 100 })).toEqual([]);
    expect(view.status().targets[0]).toMatchObject({ name: 'inventory', restarting: true, streak: 1, lastDecision: 'restart' });
  });

  test('when the executor calls the restart off (the policy and the event log hear of it), then it no longer stands as the last decision', () => {
    policy.restartCalledOff('inventory');
    events.record('restart-called-off', 'inventory', 'info', 'not restarting inventory: called off by the test');

    expect(view.status().targets[0]).toMatchObject({ restarting: false, streak: 0, lastDecision: null });
  });
});
