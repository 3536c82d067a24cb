import type { TargetLookup, TargetView } from '../model/target-types';

/** A target that started failing and has not been announced yet. */
export interface Candidate {
  kind: 'down' | 'degraded';
  since: number;
  /** The target reached DOWN (its root cause and error then), so its outage is told even if it ends before the alert goes out. */
  down?: { rootCause: string | null; error: string | null };
  /** When it was UP again, if that happened before the alert went out: it is then told as one "was DOWN for N s" notice. */
  endedAt?: number;
}

/** A target in a problem message; `endedAt` when its outage ended before the message went out. */
export interface Member {
  view: TargetView;
  kind: 'down' | 'degraded';
  since: number;
  endedAt?: number;
  down?: Candidate['down'];
}

/** What the group says now: announce these members, or look again at `flushAt`, or nothing to do yet. */
export type GroupDecision = { announce: Member[] } | { flushAt: number } | null;

/**
 * The failures waiting to be announced together: those that start within the grouping window of the first go out as
 * one group, once the window has passed and every member has settled (DOWN, or recovered and dropped).
 */
export class ProblemGroup {
  readonly candidates = new Map<string, Candidate>();
  /** When the current group first had a member ready to announce. */
  private firstReadyAt: number | null = null;

  /** A target went PENDING or DOWN: a candidate, unless it is one already or an open incident counts it (`inOpenIncident`). */
  failing(name: string, to: 'PENDING' | 'DOWN', target: TargetView | undefined, at: number, inOpenIncident: boolean): void {
    if (!this.candidates.has(name) && !inOpenIncident) this.candidates.set(name, { kind: 'down', since: target?.failingSince ?? at });
    const candidate = this.candidates.get(name);
    if (candidate?.kind === 'down') delete candidate.endedAt; // failing again before its "was DOWN" notice went out: one outage
    if (to === 'DOWN' && candidate?.kind === 'down')
      candidate.down = { rootCause: target?.rootCause ?? null, error: target?.last?.error ?? null };
  }

  /** A target is UP: a candidate that reached DOWN is told as "was DOWN"; any other candidate is dropped. */
  up(name: string, at: number): void {
    const candidate = this.candidates.get(name);
    if (candidate?.kind === 'down' && candidate.down) candidate.endedAt = at;
    else this.candidates.delete(name);
  }

  degraded(name: string, at: number, inOpenIncident: boolean): void {
    if (!this.candidates.has(name) && !inOpenIncident) this.candidates.set(name, { kind: 'degraded', since: at });
  }

  notDegraded(name: string): void {
    if (this.candidates.get(name)?.kind === 'degraded') this.candidates.delete(name);
  }

  /** When the current group may go out (its first member's start plus the window), or null when there is none. */
  dueAt(windowMs: number): number | null {
    const anchor = this.anchor();
    return anchor === null ? null : anchor + windowMs;
  }

  /** Decides at `now`; the members it returns leave the group. */
  take(now: number, windowMs: number, lookup: TargetLookup): GroupDecision {
    const anchor = this.anchor();
    if (anchor === null || now < anchor + windowMs) return null;
    const ready: { view: TargetView; candidate: Candidate }[] = [];
    let waiting = false;
    for (const [name, candidate] of this.candidates) {
      if (candidate.since > anchor + windowMs) continue;
      const view = lookup(name);
      if (!view) this.candidates.delete(name);
      else if (candidate.kind === 'down' && candidate.endedAt !== undefined) ready.push({ view, candidate });
      else if (candidate.kind === 'down' && view.state === 'DOWN' && view.last?.ok === true) {
        // Answering again but not yet UP: hold the alert until it is UP (one "was DOWN" notice) or fails again.
        if (now < (this.firstReadyAt ?? Infinity) + windowMs) waiting = true;
        else candidate.since = now;
      } else if (candidate.kind === 'down' && view.state === 'DOWN') ready.push({ view, candidate });
      else if (candidate.kind === 'down' && view.state === 'PENDING') {
        // Wait for a member still deciding, but never longer than one more window once another member is ready.
        const deadline = Math.min(candidate.since + view.settleMs + 1000, (this.firstReadyAt ?? Infinity) + windowMs);
        if (now < deadline) waiting = true;
        else candidate.since = now; // still undecided: judge it with a later group
      } else if (candidate.kind === 'degraded' && view.degraded && view.state === 'UP') ready.push({ view, candidate });
      else this.candidates.delete(name);
    }
    if (ready.length > 0) this.firstReadyAt ??= now;
    if (waiting || ready.length === 0) return waiting && ready.length > 0 ? { flushAt: (this.firstReadyAt as number) + windowMs } : null;
    this.firstReadyAt = null;
    for (const { view } of ready) this.candidates.delete(view.name);
    return {
      announce: ready.map(({ view, candidate }) => ({
        view,
        kind: candidate.kind,
        since: candidate.since,
        endedAt: candidate.endedAt,
        down: candidate.down,
      })),
    };
  }

  /** The earliest start among the candidates. */
  private anchor(): number | null {
    let anchor = Infinity;
    for (const candidate of this.candidates.values()) anchor = Math.min(anchor, candidate.since);
    return Number.isFinite(anchor) ? anchor : null;
  }
}
