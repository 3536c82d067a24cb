import { restartCures } from '@erp/contracts';
import { isWatched, parseDuration, START_PERIOD_LABEL, verdictFromDriver, type Target, type Verdict } from './target';

/** The policy's knobs; defaults follow the kubelet's CrashLoopBackOff (see config.ts). */
export interface PolicyConfig {
  /** Delay before the second restart of a streak; the first one is immediate. */
  backoffInitialMs: number;
  /** Cap of the doubling delay. */
  backoffMaxMs: number;
  /** Healthy this long and the streak (and its delay) starts over. */
  backoffResetMs: number;
  /** Restarts within `giveUpWindowMs` after which the watchdog gives up on a target. */
  giveUpAfter: number;
  giveUpWindowMs: number;
  /** At most `budget` restarts across the fleet per `budgetWindowMs`. */
  budget: number;
  budgetWindowMs: number;
  /** Start period for targets that declare none (no label, no HEALTHCHECK StartPeriod). */
  defaultStartPeriodMs: number;
}

export type WaitReason =
  'starting' | 'backoff' | 'budget' | 'dependency' | 'fresh-verdict' | 'in-flight' | 'gave-up' | 'recovering' | 'not-curable';

export type Decision =
  | { kind: 'restart'; target: Target; verdict: Verdict; attempt: number; waitedMs: number; blamedBy: string[] }
  | { kind: 'give-up'; target: Target; verdict: Verdict; restartsInWindow: number }
  | { kind: 'wait'; target: Target; verdict: Verdict; reason: WaitReason; until?: number; rootCause?: string; dependencyWatched?: boolean }
  | { kind: 'backoff-reset'; target: Target; healthyForMs: number };

/** What the policy remembers about one target. */
interface Memory {
  restarts: number[];
  streak: number;
  lastRestartAt: number | null;
  healthySince: number | null;
  gaveUp: { at: number; reason: string } | null;
  inFlight: boolean;
  /**
   * The first sign of health of the current incarnation (`startedAt`) and when it came: from then on its start period
   * is over, as Docker's is at a first healthy check, and only verdicts checked after it count.
   */
  proven: { incarnation: number; at: number } | null;
  /** What a decided restart changed, so that a restart called off (the re-check found the target answering) leaves no trace. */
  undo: { streak: number; lastRestartAt: number | null; healthySince: number | null } | null;
}

/** A read-only view of one target's memory, for `/api/v1/status`. */
export interface TargetPolicyView {
  streak: number;
  restartsInWindow: number;
  lastRestartAt: number | null;
  nextRestartNotBefore: number | null;
  healthySince: number | null;
  gaveUp: { at: number; reason: string } | null;
  restarting: boolean;
}

export interface Evaluation {
  decisions: Decision[];
  /** The verdict the policy used for each watched target (observer's, or the driver's own health). */
  verdicts: Map<string, Verdict>;
  watched: Target[];
}

/**
 * The watchdog's decisions, free of I/O and of any driver: given the targets, the observer's verdicts
 * (null when the observer is unreachable) and the time, it says whom to restart, whom to leave alone and why.
 * It remembers restarts, so calls must come in time order; `now` is always passed in (the clock is the caller's).
 */
export class RestartPolicy {
  private readonly memory = new Map<string, Memory>();
  private fleetRestarts: number[] = [];

  constructor(private readonly config: PolicyConfig) {}

  /** Decides for every opted-in target; unlabelled targets are ignored entirely. */
  evaluate(now: number, targets: Target[], observerVerdicts: Map<string, Verdict> | null): Evaluation {
    const watched = targets.filter(isWatched).sort((a, b) => a.name.localeCompare(b.name));
    const byName = new Map(watched.map((t) => [t.name, t]));
    const verdicts = new Map(watched.map((t) => [t.name, observerVerdicts?.get(t.name) ?? verdictFromDriver(t, now)]));
    this.fleetRestarts = this.fleetRestarts.filter((at) => at > now - this.config.budgetWindowMs);
    const decisions: Decision[] = [];

    for (const target of watched) {
      this.trackProven(target, verdicts.get(target.name), now);
      const reset = this.trackHealthy(target, verdicts.get(target.name), now);
      if (reset) decisions.push(reset);
    }

    const candidates: Array<{ target: Target; verdict: Verdict }> = [];
    const blamedBy = new Map<string, string[]>();
    for (const target of watched) {
      const verdict = verdicts.get(target.name);
      if (!verdict || verdict.state !== 'DOWN') continue;
      const cause = verdict.rootCause && verdict.rootCause !== target.name ? verdict.rootCause : null;
      if (cause) {
        decisions.push({ kind: 'wait', target, verdict, reason: 'dependency', rootCause: cause, dependencyWatched: byName.has(cause) });
        blamedBy.set(cause, [...(blamedBy.get(cause) ?? []), target.name]);
        continue;
      }
      // Only what a restart can cure: a poll failing on liveness. Answering again, or failing only on dependencies: leave it.
      if (!restartCures(verdict.failure)) {
        decisions.push({ kind: 'wait', target, verdict, reason: verdict.failure === null ? 'recovering' : 'not-curable' });
        continue;
      }
      candidates.push({ target, verdict });
    }
    // When the budget is short: root causes first (everyone waits on them), then whoever was restarted longest ago.
    const lastRestart = (t: Target) => this.memory.get(t.name)?.lastRestartAt ?? -Infinity;
    candidates.sort(
      (a, b) => Number(blamedBy.has(b.target.name)) - Number(blamedBy.has(a.target.name)) || lastRestart(a.target) - lastRestart(b.target),
    );

    for (const { target, verdict } of candidates) {
      decisions.push(this.decideOne(target, verdict, now, blamedBy.get(target.name) ?? []));
    }
    return { decisions, verdicts, watched };
  }

  /** The restart the policy decided on has finished (whatever the outcome); the target may be judged again. */
  restartFinished(name: string): void {
    const memory = this.memory.get(name);
    if (memory) Object.assign(memory, { inFlight: false, undo: null });
  }

  /** A decided restart was not carried out (the re-check found the target answering): its bookkeeping is undone. */
  restartCalledOff(name: string): void {
    const memory = this.memory.get(name);
    if (!memory?.undo) return;
    const at = memory.lastRestartAt;
    memory.restarts.pop();
    Object.assign(memory, memory.undo, { undo: null, inFlight: false });
    const index = this.fleetRestarts.lastIndexOf(at ?? NaN);
    if (index >= 0) this.fleetRestarts.splice(index, 1);
  }

  /** Clears a give-up mark and the restart history; false when the target was not marked. */
  clear(name: string): boolean {
    const memory = this.memory.get(name);
    if (!memory?.gaveUp) return false;
    this.memory.set(name, emptyMemory());
    return true;
  }

  /** The policy's view of one target, or null when it has never seen it. */
  view(name: string, now: number): TargetPolicyView | null {
    const memory = this.memory.get(name);
    if (!memory) return null;
    return {
      streak: memory.streak,
      restartsInWindow: memory.restarts.filter((at) => at > now - this.config.giveUpWindowMs).length,
      lastRestartAt: memory.lastRestartAt,
      nextRestartNotBefore: memory.lastRestartAt === null ? null : memory.lastRestartAt + this.delayFor(memory.streak),
      healthySince: memory.healthySince,
      gaveUp: memory.gaveUp,
      restarting: memory.inFlight,
    };
  }

  /** Restarts used in the current budget window. */
  budgetUsed(now: number): number {
    return this.fleetRestarts.filter((at) => at > now - this.config.budgetWindowMs).length;
  }

  /** The delay before the next restart once `streak` restarts happened: 0, then initial, doubling, capped. */
  delayFor(streak: number): number {
    if (streak <= 0) return 0;
    return Math.min(this.config.backoffInitialMs * 2 ** (streak - 1), this.config.backoffMaxMs);
  }

  private decideOne(target: Target, verdict: Verdict, now: number, blamedBy: string[]): Decision {
    const memory = this.remember(target.name);
    const wait = (reason: WaitReason, until?: number): Decision => ({
      kind: 'wait',
      target,
      verdict,
      reason,
      ...(until === undefined ? {} : { until }),
    });
    if (memory.gaveUp) return wait('gave-up');
    if (memory.inFlight) return wait('in-flight');
    const startingUntil = this.startingUntil(target, memory, now);
    if (startingUntil !== null) return wait('starting', startingUntil);
    // A verdict from before the current incarnation started (or before our last restart, or before it first showed
    // health: polls that failed while it was still coming up) says nothing about it now.
    const provenAt = this.provenAt(target, memory) ?? 0;
    if (verdict.checkedAt < Math.max(target.startedAt ?? 0, memory.lastRestartAt ?? 0, provenAt)) return wait('fresh-verdict');
    const waitedMs = this.delayFor(memory.streak);
    if (memory.lastRestartAt !== null && now < memory.lastRestartAt + waitedMs) return wait('backoff', memory.lastRestartAt + waitedMs);
    memory.restarts = memory.restarts.filter((at) => at > now - this.config.giveUpWindowMs);
    if (memory.restarts.length >= this.config.giveUpAfter) {
      memory.gaveUp = {
        at: now,
        reason: `${memory.restarts.length} restarts within ${this.config.giveUpWindowMs} ms did not make it healthy`,
      };
      return { kind: 'give-up', target, verdict, restartsInWindow: memory.restarts.length };
    }
    if (this.fleetRestarts.length >= this.config.budget) return wait('budget', (this.fleetRestarts[0] ?? now) + this.config.budgetWindowMs);
    memory.undo = { streak: memory.streak, lastRestartAt: memory.lastRestartAt, healthySince: memory.healthySince };
    memory.streak += 1;
    memory.restarts.push(now);
    memory.lastRestartAt = now;
    memory.healthySince = null;
    memory.inFlight = true;
    this.fleetRestarts.push(now);
    return { kind: 'restart', target, verdict, attempt: memory.restarts.length, waitedMs, blamedBy };
  }

  /**
   * Until when a target counts as starting; null when it does not. The driver saying "starting" is believed,
   * except past a start period the target declares (a process stuck while starting is not starting any more).
   * As with Docker's HEALTHCHECK, the start period ends early at the first sign of health of this incarnation (see
   * trackProven): a member that was up and then hangs is restarted at once, not after the rest of its start period.
   */
  private startingUntil(target: Target, memory: Memory, now: number): number | null {
    if ((target.state === 'running' || target.state === 'starting') && this.provenAt(target, memory) !== null) return null;
    const label = target.labels[START_PERIOD_LABEL];
    const declared = (label === undefined ? null : parseDuration(label)) ?? target.startPeriodMs;
    const until = target.startedAt === null ? null : target.startedAt + (declared ?? this.config.defaultStartPeriodMs);
    const driverSaysStarting = target.state === 'starting' || target.state === 'restarting' || target.health === 'starting';
    if (driverSaysStarting) return declared !== null && until !== null && now >= until ? null : Math.max(until ?? now, now);
    if (target.state !== 'running' || until === null) return null;
    return now < until ? until : null;
  }

  /**
   * Notes the first sign of health of the running incarnation: Docker calling it healthy or unhealthy (Docker only
   * counts failures once its start period is over), or an UP verdict checked after it started.
   */
  private trackProven(target: Target, verdict: Verdict | undefined, now: number): void {
    const memory = this.remember(target.name);
    if (target.startedAt === null || memory.proven?.incarnation === target.startedAt) return;
    const alive = target.state === 'running' || target.state === 'starting';
    if (target.state === 'running' && (target.health === 'healthy' || target.health === 'unhealthy'))
      memory.proven = { incarnation: target.startedAt, at: now };
    // the observer's UP counts even while a supervisor still calls the process starting (it may be slower to notice)
    else if (alive && verdict?.state === 'UP' && verdict.checkedAt >= target.startedAt)
      memory.proven = { incarnation: target.startedAt, at: verdict.checkedAt };
  }

  /** When the current incarnation first showed health; null when it has not yet. */
  private provenAt(target: Target, memory: Memory): number | null {
    return target.startedAt !== null && memory.proven?.incarnation === target.startedAt ? memory.proven.at : null;
  }

  private trackHealthy(target: Target, verdict: Verdict | undefined, now: number): Decision | null {
    const memory = this.remember(target.name);
    if (verdict?.state !== 'UP' || target.state !== 'running') {
      memory.healthySince = null;
      return null;
    }
    memory.healthySince ??= now;
    const healthyForMs = now - memory.healthySince;
    if (memory.streak > 0 && healthyForMs >= this.config.backoffResetMs) {
      memory.streak = 0;
      return { kind: 'backoff-reset', target, healthyForMs };
    }
    return null;
  }

  private remember(name: string): Memory {
    let memory = this.memory.get(name);
    if (!memory) {
      memory = emptyMemory();
      this.memory.set(name, memory);
    }
    return memory;
  }
}

function emptyMemory(): Memory {
  return { restarts: [], streak: 0, lastRestartAt: null, healthySince: null, gaveUp: null, inFlight: false, proven: null, undo: null };
}
