import { restartCures } from '@erp/contracts';
import type { WatchdogDriver } from '../drivers/driver';
import type { EventLog, EventQuery } from './event-log';
import type { Decision, RestartPolicy } from './restart-policy';
import type { Target, Verdict } from './target';

/** Where verdicts come from (the observer client); null verdicts mean "unreachable: use the driver's health". */
export interface VerdictSource {
  readonly url: string;
  snapshot(): { reachable: boolean; verdicts: Map<string, Verdict> | null; lastContactAt: number | null; error: string | null };
  onChange(listener: () => void): void;
  /** The observer's verdict on one target asked afresh, right before a restart; null when it cannot be had. */
  recheck(name: string): Promise<Verdict | null>;
}

export interface WatchdogOptions {
  driver: WatchdogDriver;
  verdicts: VerdictSource;
  policy: RestartPolicy;
  events: EventLog;
  clock: () => number;
  /** How often targets are listed and judged (verdict changes also trigger a pass at once). */
  tickMs: number;
  /** A restart must bring the target back (running, new incarnation) within this; else kill and start. */
  restartTimeoutMs: number;
  /** Grace between SIGTERM and SIGKILL that the driver's restart gives. */
  stopTimeoutMs: number;
  dryRun: boolean;
}

export type ClearResult = 'cleared' | 'not-marked';

/** The watchdog's loop: list targets, ask the policy, carry out its restarts, and tell about all of it. */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  private passing: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lastKey = new Map<string, string>();
  private lastTargets: Target[] = [];
  /** The driver's last listing, reused when a verdict changes so the decision need not wait for a new one. */
  private lastListing: { targets: Target[]; at: number } | null = null;
  private lastVerdicts = new Map<string, Verdict>();
  private observerReachable: boolean | null = null;
  private driverError: string | null = null;
  private driverCheckedAt: number | null = null;

  constructor(private readonly options: WatchdogOptions) {
    options.verdicts.onChange(() => this.onVerdictChange());
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.schedule(), this.options.tickMs);
    this.schedule();
  }

  /** Stops judging; waits for restarts already under way so no target is left half-restarted. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.passing;
    await Promise.allSettled([...this.inFlight]);
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
    this.options.events.record('cleared', name, 'info', `give-up mark on ${name} cleared through the API by ${by}; restarts resume`, { by });
    this.schedule();
    return 'cleared';
  }

  /** Whether `name` is a target the watchdog currently watches or has memory of. */
  knows(name: string): boolean {
    return this.lastTargets.some((t) => t.name === name) || this.options.policy.view(name, this.options.clock()) !== null;
  }

  /** Everything `/api/v1/status` shows. */
  status() {
    const now = this.options.clock();
    const { driver, policy, verdicts } = this.options;
    const observer = verdicts.snapshot();
    return {
      dryRun: this.options.dryRun,
      verdictSource: observer.reachable ? 'observer' : 'driver',
      observer: { url: verdicts.url, reachable: observer.reachable, lastContactAt: iso(observer.lastContactAt), error: observer.error },
      driver: { name: driver.name, endpoint: driver.endpoint, available: this.driverError === null && this.driverCheckedAt !== null, error: this.driverError, lastCheckAt: iso(this.driverCheckedAt) },
      budget: { used: policy.budgetUsed(now) },
      targets: this.lastTargets.map((t) => {
        const view = policy.view(t.name, now);
        const verdict = this.lastVerdicts.get(t.name);
        return {
          name: t.name,
          id: t.id,
          state: t.state,
          health: t.health,
          startedAt: iso(t.startedAt),
          verdict: verdict ? { state: verdict.state, rootCause: verdict.rootCause, source: verdict.source, checkedAt: iso(verdict.checkedAt) } : null,
          restarting: view?.restarting ?? false,
          streak: view?.streak ?? 0,
          restartsInWindow: view?.restartsInWindow ?? 0,
          lastRestartAt: iso(view?.lastRestartAt ?? null),
          nextRestartNotBefore: iso(view?.nextRestartNotBefore ?? null),
          gaveUp: view?.gaveUp ? { at: iso(view.gaveUp.at), reason: view.gaveUp.reason } : null,
          lastDecision: this.lastKey.get(t.name) ?? null,
        };
      }),
    };
  }

  /** Recorded events, oldest first. */
  listEvents(query: EventQuery) {
    return this.options.events.list(query);
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
      if (this.driverError !== null) events.record('driver-available', '*', 'info', `${driver.name} driver reaches ${driver.endpoint} again`);
      this.driverError = null;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.driverError === null) events.record('driver-unavailable', '*', 'critical', `${driver.name} driver cannot list targets: ${reason}; retrying every ${this.options.tickMs} ms`, { reason });
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
    if (reachable) events.record('verdict-source-changed', '*', 'info', `observer at ${verdicts.url} reachable again; deciding from its verdicts`, { source: 'observer' });
    else events.record('verdict-source-changed', '*', 'warning', `observer at ${verdicts.url} unreachable (${error ?? 'no answer'}); deciding from ${driver.name}'s own health status, without root-cause knowledge`, { source: 'driver', reason: error });
  }

  private act(decision: Decision): void {
    const { events } = this.options;
    const { target } = decision;
    const name = target.name;
    const basis = 'verdict' in decision ? { verdict: decision.verdict.state, verdictSource: decision.verdict.source, rootCause: decision.verdict.rootCause } : {};
    if (decision.kind === 'restart') {
      this.lastKey.set(name, 'restart');
      const run = this.confirmAndRestart(decision).finally(() => {
        this.inFlight.delete(run);
        this.options.policy.restartFinished(name);
      });
      this.inFlight.add(run);
      return;
    }
    if (decision.kind === 'give-up') {
      this.lastKey.set(name, 'gave-up');
      events.record('gave-up', name, 'critical', `gave up on ${name}: ${decision.restartsInWindow} restarts did not make it healthy; clear with POST /api/v1/targets/${name}/clear`, { ...basis, restartsInWindow: decision.restartsInWindow });
      return;
    }
    if (decision.kind === 'backoff-reset') {
      events.record('backoff-reset', name, 'info', `${name} healthy for ${decision.healthyForMs} ms: backoff starts over`, { healthyForMs: decision.healthyForMs });
      return;
    }
    if (decision.reason === 'in-flight' || decision.reason === 'gave-up') return;
    const key = `wait:${decision.reason}:${decision.reason === 'backoff' ? decision.until : ''}:${decision.rootCause ?? ''}`;
    if (this.lastKey.get(name) === key) return;
    this.lastKey.set(name, key);
    const until = decision.until === undefined ? {} : { until: new Date(decision.until).toISOString() };
    switch (decision.reason) {
      case 'recovering':
        events.record('left-alone-recovering', name, 'info', `${name} is still DOWN at the observer but its latest poll passes: not restarting it`, basis);
        return;
      case 'not-curable':
        events.record('left-alone-not-curable', name, 'warning', `${name} is DOWN on a ${decision.verdict.failure ?? 'passing'} failure (a dependency of it fails): a restart cannot cure that, not restarting it`, { ...basis, failure: decision.verdict.failure });
        return;
      case 'starting':
        events.record('left-alone-starting', name, 'info', `${name} is DOWN but still starting: left alone`, { ...basis, ...until, health: target.health });
        return;
      case 'dependency':
        // Says only what this decision does: whether the dependency is restarted is its own decision (and its own event).
        events.record('waiting-on-dependency', name, 'info', decision.dependencyWatched
          ? `${name} is DOWN because ${decision.rootCause} is: not restarting ${name}; ${decision.rootCause} is judged on its own verdict`
          : `${name} is DOWN because ${decision.rootCause} is, which the watchdog does not manage: not restarting ${name}, waiting`, { ...basis, dependencyWatched: decision.dependencyWatched });
        return;
      case 'backoff':
        events.record('waiting-backoff', name, 'info', `${name} still DOWN: next restart not before ${until.until}`, { ...basis, ...until });
        return;
      case 'budget':
        events.record('waiting-budget', name, 'warning', `${name} is DOWN but the fleet's restart budget is spent: waiting until ${until.until}`, { ...basis, ...until });
        return;
      case 'fresh-verdict':
        events.record('waiting-fresh-verdict', name, 'info', `${name}: the verdict predates its current start; waiting for the observer's next check`, basis);
        return;
    }
  }

  /**
   * Asks the observer once more right before acting (a verdict can be seconds old: the stream only carries changes),
   * and restarts only if the target's latest poll still fails on liveness with no other cause; otherwise the restart is
   * called off and its bookkeeping undone. The `restart` event is recorded only for a restart that is carried out.
   */
  private async confirmAndRestart(decision: Extract<Decision, { kind: 'restart' }>): Promise<void> {
    const { events, policy } = this.options;
    const { target, verdict } = decision;
    const name = target.name;
    const fresh = verdict.source === 'observer' ? await this.options.verdicts.recheck(name) : null;
    if (fresh && (fresh.state !== 'DOWN' || !restartCures(fresh.failure) || (fresh.rootCause !== null && fresh.rootCause !== name))) {
      policy.restartCalledOff(name);
      this.lastKey.delete(name);
      const now = fresh.failure === null ? `its latest poll passes (state ${fresh.state})` : `it is ${fresh.state} on a ${fresh.failure} failure${fresh.rootCause ? ` caused by ${fresh.rootCause}` : ''}`;
      events.record('restart-called-off', name, 'info', `not restarting ${name}: the observer's latest word is that ${now}`, { verdict: fresh.state, failure: fresh.failure, rootCause: fresh.rootCause, checkedAt: new Date(fresh.checkedAt).toISOString() });
      return;
    }
    const verb = this.options.dryRun ? 'would restart' : 'restarting';
    const why = verdict.source === 'observer' ? `the observer says DOWN and its latest poll failed on liveness${fresh ? '' : ' (re-check unavailable)'}` : `${this.options.driver.name} reports it ${target.health === 'unhealthy' ? 'unhealthy' : target.state}`;
    events.record('restart', name, 'warning', `${verb} ${name}: ${why} (attempt ${decision.attempt}, after waiting ${decision.waitedMs} ms of backoff)`, {
      verdict: verdict.state, verdictSource: verdict.source, rootCause: verdict.rootCause, failure: (fresh ?? verdict).failure, rechecked: fresh !== null,
      id: target.id, attempt: decision.attempt, delayMs: decision.waitedMs, blamedBy: decision.blamedBy,
    });
    await this.restart(target);
  }

  /** Restart; if the target is not back within the timeout, kill and start it. Real time: it meets the driver's clock. */
  private async restart(target: Target): Promise<void> {
    if (this.options.dryRun) return;
    const { driver, events, stopTimeoutMs } = this.options;
    const clock = Date.now;
    const issuedAt = clock();
    const restartCall = driver.restart(target.id, stopTimeoutMs).then(() => null, (error: unknown) => describe(error));
    let outcome = await this.waitBack(target.id, issuedAt, restartCall);
    if (outcome !== 'back') {
      events.record('restart-escalated', target.name, 'warning', `the restart did not bring ${target.name} back (${outcome}): killing and starting it`, { id: target.id, reason: outcome });
      const forced = (async () => {
        await driver.kill(target.id);
        await driver.start(target.id);
        return null;
      })().catch((error: unknown) => describe(error));
      outcome = await this.waitBack(target.id, clock(), forced);
    }
    if (outcome === 'back') {
      events.record('restart-completed', target.name, 'info', `${target.name} is running again after ${clock() - issuedAt} ms`, { id: target.id, tookMs: clock() - issuedAt });
    } else {
      events.record('restart-failed', target.name, 'critical', `${target.name} could not be brought back: ${outcome}`, { id: target.id, reason: outcome });
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
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, this.options.tickMs)));
    }
    return `not running again within ${this.options.restartTimeoutMs} ms`;
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
