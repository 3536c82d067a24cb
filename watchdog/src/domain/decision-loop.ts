import type { WatchdogDriver } from '../drivers/driver';
import { recordDecision, waitKey } from './decision-events';
import type { EventLog } from './event-log';
import type { RestartDecision } from './restart-executor';
import type { Decision, RestartPolicy } from './restart-policy';
import type { Target, Verdict } from './target';
import type { VerdictSource } from './verdict-source';

/** Whoever carries out the restarts the loop decides on (the restart executor). */
export interface RestartRunner {
  execute(decision: RestartDecision): void;
}

export interface DecisionLoopOptions {
  driver: Pick<WatchdogDriver, 'name' | 'endpoint' | 'list'>;
  verdicts: Pick<VerdictSource, 'url' | 'snapshot' | 'onChange'>;
  /** Asked for decisions, and told of a cleared give-up mark; the rest of the policy is the executor's and the view's. */
  policy: Pick<RestartPolicy, 'evaluate' | 'clear'>;
  events: EventLog;
  restarts: RestartRunner;
  clock: () => number;
  /** How often targets are listed and judged (verdict changes also trigger a pass at once). */
  tickMs: number;
}

/** What the loop last saw and decided, read (never written) by the status view. */
export interface DecisionLoopState {
  /** The opted-in targets of the last evaluation, by name. */
  readonly watched: readonly Target[];
  /** The verdict the last evaluation used for a target. */
  verdictOf(name: string): Verdict | undefined;
  /** The last decision recorded for a target (`restart`, `gave-up`, `wait:<reason>:…`), null when none stands. */
  lastDecisionOf(name: string): string | null;
  /** The driver's last listing: its error (null when it succeeded) and when it was tried. */
  readonly driverCheck: { error: string | null; checkedAt: number | null };
}

export type ClearResult = 'cleared' | 'not-marked';

/**
 * The watchdog's decision loop: lists the targets, asks the policy, hands each restart to the executor and records the
 * other decisions; a verdict change decides at once. It notes where verdicts come from and whether the driver answers.
 */
export class DecisionLoop implements DecisionLoopState {
  private timer: NodeJS.Timeout | undefined;
  private passing: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly lastKey = new Map<string, string>();
  private lastTargets: Target[] = [];
  /** The driver's last listing, reused when a verdict changes so the decision need not wait for a new one. */
  private lastListing: { targets: Target[]; at: number } | null = null;
  private lastVerdicts = new Map<string, Verdict>();
  private observerReachable: boolean | null = null;
  private driverError: string | null = null;
  private driverCheckedAt: number | null = null;

  constructor(private readonly options: DecisionLoopOptions) {
    options.verdicts.onChange(() => this.onVerdictChange());
    options.events.subscribe({
      // A restart the executor called off was no restart: it no longer stands as the target's last decision.
      publish: (event) => {
        if (event.kind === 'restart-called-off') this.lastKey.delete(event.target);
      },
    });
  }

  get watched(): readonly Target[] {
    return this.lastTargets;
  }

  verdictOf(name: string): Verdict | undefined {
    return this.lastVerdicts.get(name);
  }

  lastDecisionOf(name: string): string | null {
    return this.lastKey.get(name) ?? null;
  }

  get driverCheck(): { error: string | null; checkedAt: number | null } {
    return { error: this.driverError, checkedAt: this.driverCheckedAt };
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.schedule(), this.options.tickMs);
    this.schedule();
  }

  /** Stops judging; resolves when the pass under way is done (restarts under way are the executor's to finish). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.passing;
  }

  /** Runs one pass now, or right after the one under way. Resolves when that pass is done. */
  schedule(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.passing) {
      this.again = true;
      return this.passing;
    }
    this.passing = this.pass().finally(() => {
      this.passing = null;
      if (this.again) {
        this.again = false;
        void this.schedule();
      }
    });
    return this.passing;
  }

  /** Clears a give-up mark (a human decided to let the watchdog try again). */
  clear(name: string, by: string): ClearResult {
    if (!this.options.policy.clear(name)) return 'not-marked';
    this.lastKey.delete(name);
    this.options.events.record('cleared', name, 'info', `give-up mark on ${name} cleared through the API by ${by}; restarts resume`, {
      by,
    });
    this.schedule();
    return 'cleared';
  }

  /**
   * A verdict changed: decide at once on the last listing if it is recent (listing every container can take
   * a while on a busy engine), then confirm with a full pass. In-flight marks keep the two from restarting twice.
   */
  private onVerdictChange(): void {
    if (this.stopped) return;
    const listing = this.lastListing;
    if (listing && this.options.clock() - listing.at <= 2 * this.options.tickMs) this.decide(listing.targets);
    void this.schedule();
  }

  private async pass(): Promise<void> {
    const { driver, events, clock } = this.options;
    let targets: Target[];
    const listedAt = clock();
    try {
      targets = await driver.list();
      if (this.driverError !== null)
        events.record('driver-available', '*', 'info', `${driver.name} driver reaches ${driver.endpoint} again`);
      this.driverError = null;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.driverError === null)
        events.record(
          'driver-unavailable',
          '*',
          'critical',
          `${driver.name} driver cannot list targets: ${reason}; retrying every ${this.options.tickMs} ms`,
          { reason },
        );
      this.driverError = reason;
      return;
    } finally {
      this.driverCheckedAt = clock();
    }
    this.lastListing = { targets, at: listedAt };
    this.decide(targets);
  }

  private decide(targets: Target[]): void {
    const { policy, clock } = this.options;
    const observer = this.options.verdicts.snapshot();
    this.noteVerdictSource(observer.reachable, observer.error);
    const evaluation = policy.evaluate(clock(), targets, observer.verdicts);
    this.lastTargets = evaluation.watched;
    this.lastVerdicts = evaluation.verdicts;
    const decided = new Set<string>();
    for (const decision of evaluation.decisions) {
      decided.add(decision.target.name);
      this.act(decision);
    }
    for (const target of evaluation.watched) if (!decided.has(target.name)) this.lastKey.delete(target.name);
  }

  private noteVerdictSource(reachable: boolean, error: string | null): void {
    if (this.observerReachable === reachable) return;
    const first = this.observerReachable === null;
    this.observerReachable = reachable;
    if (reachable && first) return;
    const { events, driver, verdicts } = this.options;
    if (reachable)
      events.record('verdict-source-changed', '*', 'info', `observer at ${verdicts.url} reachable again; deciding from its verdicts`, {
        source: 'observer',
      });
    else
      events.record(
        'verdict-source-changed',
        '*',
        'warning',
        `observer at ${verdicts.url} unreachable (${error ?? 'no answer'}); deciding from ${driver.name}'s own health status, without root-cause knowledge`,
        { source: 'driver', reason: error },
      );
  }

  /** A restart goes to the executor; any other decision is recorded, a waiting one only when it starts. */
  private act(decision: Decision): void {
    const name = decision.target.name;
    if (decision.kind === 'restart') {
      this.lastKey.set(name, 'restart');
      this.options.restarts.execute(decision);
      return;
    }
    if (decision.kind === 'give-up') this.lastKey.set(name, 'gave-up');
    if (decision.kind === 'wait') {
      if (decision.reason === 'in-flight' || decision.reason === 'gave-up') return;
      const key = waitKey(decision);
      if (this.lastKey.get(name) === key) return;
      this.lastKey.set(name, key);
    }
    recordDecision(this.options.events, decision);
  }
}
