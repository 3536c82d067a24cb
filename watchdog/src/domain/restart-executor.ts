import { restartCures } from '@erp/contracts';
import type { WatchdogDriver } from '../drivers/driver';
import type { EventLog } from './event-log';
import type { Decision, RestartPolicy } from './restart-policy';
import type { Target } from './target';
import type { VerdictSource } from './verdict-source';

/** A restart the policy decided on: what the decision loop hands to the executor. */
export type RestartDecision = Extract<Decision, { kind: 'restart' }>;

export interface RestartExecutorOptions {
  driver: WatchdogDriver;
  /** Asked once more right before a restart. */
  verdicts: Pick<VerdictSource, 'recheck'>;
  /** Told when a decided restart is over (carried out or called off): the only way an outcome flows back, with the events. */
  policy: Pick<RestartPolicy, 'restartFinished' | 'restartCalledOff'>;
  events: EventLog;
  /** A restart must bring the target back (running, new incarnation) within this; else kill and start. */
  restartTimeoutMs: number;
  /** Grace between SIGTERM and SIGKILL that the driver's restart gives. */
  stopTimeoutMs: number;
  /** How often the target is inspected while waiting for it to come back. */
  checkBackEveryMs: number;
  dryRun: boolean;
}

/**
 * Carries out the restarts the policy decided on: confirms each with the observer's latest word, restarts through the
 * driver, waits for the target to come back, escalates to kill + start, and records every step as an event.
 */
export class RestartExecutor {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: RestartExecutorOptions) {}

  /** Starts carrying out `decision`; the policy hears when it is over (`restartFinished`, and `restartCalledOff` first if it was). */
  execute(decision: RestartDecision): void {
    const name = decision.target.name;
    const run = this.confirmAndRestart(decision).finally(() => {
      this.inFlight.delete(run);
      this.options.policy.restartFinished(name);
    });
    this.inFlight.add(run);
  }

  /** Resolves once every restart under way has ended, so no target is left half-restarted. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Asks the observer once more right before acting (a verdict can be seconds old: the stream only carries changes),
   * and restarts only if the target's latest poll still fails on liveness with no other cause; otherwise the restart is
   * called off and its bookkeeping undone. The `restart` event is recorded only for a restart that is carried out.
   */
  private async confirmAndRestart(decision: RestartDecision): Promise<void> {
    const { events, policy } = this.options;
    const { target, verdict } = decision;
    const name = target.name;
    const fresh = verdict.source === 'observer' ? await this.options.verdicts.recheck(name) : null;
    if (fresh && (fresh.state !== 'DOWN' || !restartCures(fresh.failure) || (fresh.rootCause !== null && fresh.rootCause !== name))) {
      policy.restartCalledOff(name);
      const now =
        fresh.failure === null
          ? `its latest poll passes (state ${fresh.state})`
          : `it is ${fresh.state} on a ${fresh.failure} failure${fresh.rootCause ? ` caused by ${fresh.rootCause}` : ''}`;
      events.record('restart-called-off', name, 'info', `not restarting ${name}: the observer's latest word is that ${now}`, {
        verdict: fresh.state,
        failure: fresh.failure,
        rootCause: fresh.rootCause,
        checkedAt: new Date(fresh.checkedAt).toISOString(),
      });
      return;
    }
    const verb = this.options.dryRun ? 'would restart' : 'restarting';
    const why =
      verdict.source === 'observer'
        ? `the observer says DOWN and its latest poll failed on liveness${fresh ? '' : ' (re-check unavailable)'}`
        : `${this.options.driver.name} reports it ${target.health === 'unhealthy' ? 'unhealthy' : target.state}`;
    events.record(
      'restart',
      name,
      'warning',
      `${verb} ${name}: ${why} (attempt ${decision.attempt}, after waiting ${decision.waitedMs} ms of backoff)`,
      {
        verdict: verdict.state,
        verdictSource: verdict.source,
        rootCause: verdict.rootCause,
        failure: (fresh ?? verdict).failure,
        rechecked: fresh !== null,
        id: target.id,
        attempt: decision.attempt,
        delayMs: decision.waitedMs,
        blamedBy: decision.blamedBy,
      },
    );
    await this.restart(target);
  }

  /** Restart; if the target is not back within the timeout, kill and start it. Real time: it meets the driver's clock. */
  private async restart(target: Target): Promise<void> {
    if (this.options.dryRun) return;
    const { driver, events, stopTimeoutMs } = this.options;
    const clock = Date.now;
    const issuedAt = clock();
    const restartCall = driver.restart(target.id, stopTimeoutMs).then(
      () => null,
      (error: unknown) => describe(error),
    );
    let outcome = await this.waitBack(target.id, issuedAt, restartCall);
    if (outcome !== 'back') {
      events.record(
        'restart-escalated',
        target.name,
        'warning',
        `the restart did not bring ${target.name} back (${outcome}): killing and starting it`,
        { id: target.id, reason: outcome },
      );
      const forced = (async () => {
        await driver.kill(target.id);
        await driver.start(target.id);
        return null;
      })().catch((error: unknown) => describe(error));
      outcome = await this.waitBack(target.id, clock(), forced);
    }
    if (outcome === 'back') {
      events.record('restart-completed', target.name, 'info', `${target.name} is running again after ${clock() - issuedAt} ms`, {
        id: target.id,
        tookMs: clock() - issuedAt,
      });
    } else {
      events.record('restart-failed', target.name, 'critical', `${target.name} could not be brought back: ${outcome}`, {
        id: target.id,
        reason: outcome,
      });
    }
  }

  /** Polls until the target runs a new incarnation; a failed driver call or the timeout ends the wait. */
  private async waitBack(id: string, since: number, call: Promise<string | null>): Promise<'back' | string> {
    const deadline = since + this.options.restartTimeoutMs;
    let failure: string | null = null;
    void call.then((error) => (failure = error));
    while (Date.now() < deadline) {
      const target = await this.options.driver.inspect(id).catch(() => null);
      if (target && target.state === 'running' && target.startedAt !== null && target.startedAt >= since) return 'back';
      if (failure !== null) return failure;
      await new Promise((resolve) => setTimeout(resolve, this.options.checkBackEveryMs));
    }
    return `not running again within ${this.options.restartTimeoutMs} ms`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
