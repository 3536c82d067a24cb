import type { WatchdogDriver } from '../drivers/driver';
import type { DecisionLoopState } from './decision-loop';
import type { EventLog, EventQuery } from './event-log';
import type { RestartPolicy } from './restart-policy';
import type { VerdictSource } from './verdict-source';

export interface WatchdogStatusOptions {
  /** What the decision loop last saw and decided. */
  loop: DecisionLoopState;
  /** Restart history, backoff, give-up marks and the budget. */
  policy: Pick<RestartPolicy, 'view' | 'budgetUsed'>;
  verdicts: Pick<VerdictSource, 'url' | 'snapshot'>;
  driver: Pick<WatchdogDriver, 'name' | 'endpoint'>;
  events: Pick<EventLog, 'list'>;
  clock: () => number;
  dryRun: boolean;
}

/** What the API shows (`/api/v1/status`, `/api/v1/events`): read from the loop, the policy, the observer client and the event log; it owns no state. */
export class WatchdogStatus {
  constructor(private readonly options: WatchdogStatusOptions) {}

  /** Whether `name` is a target the watchdog currently watches or has memory of. */
  knows(name: string): boolean {
    return this.options.loop.watched.some((t) => t.name === name) || this.options.policy.view(name, this.options.clock()) !== null;
  }

  /** Everything `/api/v1/status` shows. */
  status() {
    const now = this.options.clock();
    const { driver, policy, verdicts, loop } = this.options;
    const observer = verdicts.snapshot();
    const driverCheck = loop.driverCheck;
    return {
      dryRun: this.options.dryRun,
      verdictSource: observer.reachable ? 'observer' : 'driver',
      observer: { url: verdicts.url, reachable: observer.reachable, lastContactAt: iso(observer.lastContactAt), error: observer.error },
      driver: {
        name: driver.name,
        endpoint: driver.endpoint,
        available: driverCheck.error === null && driverCheck.checkedAt !== null,
        error: driverCheck.error,
        lastCheckAt: iso(driverCheck.checkedAt),
      },
      budget: { used: policy.budgetUsed(now) },
      targets: loop.watched.map((t) => {
        const view = policy.view(t.name, now);
        const verdict = loop.verdictOf(t.name);
        return {
          name: t.name,
          id: t.id,
          state: t.state,
          health: t.health,
          startedAt: iso(t.startedAt),
          verdict: verdict
            ? { state: verdict.state, rootCause: verdict.rootCause, source: verdict.source, checkedAt: iso(verdict.checkedAt) }
            : null,
          restarting: view?.restarting ?? false,
          streak: view?.streak ?? 0,
          restartsInWindow: view?.restartsInWindow ?? 0,
          lastRestartAt: iso(view?.lastRestartAt ?? null),
          nextRestartNotBefore: iso(view?.nextRestartNotBefore ?? null),
          gaveUp: view?.gaveUp ? { at: iso(view.gaveUp.at), reason: view.gaveUp.reason } : null,
          lastDecision: loop.lastDecisionOf(t.name),
        };
      }),
    };
  }

  /** Recorded events, oldest first. */
  listEvents(query: EventQuery) {
    return this.options.events.list(query);
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
