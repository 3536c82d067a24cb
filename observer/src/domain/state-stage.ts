import type { ObservedService, StateChange } from '@erp/contracts';
import type { IPoint } from 'influx';
import type { Logger } from 'pino';
import {
  effectiveThresholds,
  intervalSecondsOf,
  timeoutMsOf,
  type ObserverConfig,
  type TargetConfig,
} from '../config/observer-config.schema';
import type { ActivityRepository } from '../data-access/activity.repository';
import type { LiveStream } from '../model/live-stream';
import type { ProbeResult, TargetChange, TargetView } from '../model/target-types';
import { stateChangePoint, toPoints } from '../storage/influx-points';
import { heartbeatOf, type MemoryHistory } from '../storage/memory-history';
import { findRootCauses } from './root-cause';
import { breaches, TargetTracker, type TrackerChange } from './target-tracker';
import type { UptimeLedger } from './uptime';

export interface StateStageDeps {
  logger: Logger;
  memory: MemoryHistory;
  /** Queues points for InfluxDB (a no-op without it). */
  writePoints: (points: IPoint[]) => void;
  uptime: UptimeLedger;
  activity: Pick<ActivityRepository, 'recordTransition'>;
  stream: LiveStream;
  /** Whether a maintenance window covers the target now (read-only, from the mute rules). */
  inMaintenance: (target: string, labels: Record<string, string>, now: number) => boolean;
  /** The next stage: every state and DEGRADED change. */
  onChange: (change: TargetChange) => void;
}

interface Entry {
  config: TargetConfig;
  tracker: TargetTracker;
}

/**
 * The second stage: feeds each probe result to its target's state machine, finds root causes, and records what it saw
 * — samples (memory, InfluxDB, the stream's `sample`), state changes (uptime, InfluxDB, PostgreSQL, the stream's
 * `state`) — then hands every change on. Its views (`view`, `services`) are what the later stages and the API read.
 */
export class StateStage {
  private config!: ObserverConfig;
  private targets = new Map<string, Entry>();
  private causes = new Map<string, string | null>();
  private causesDirty = true;

  constructor(private readonly deps: StateStageDeps) {}

  /** Applies a (new) config: targets are added, updated (keeping their state) or removed. */
  setTargets(config: ObserverConfig): void {
    this.config = config;
    const next = new Map<string, Entry>();
    for (const target of config.targets) {
      const tracker = this.targets.get(target.name)?.tracker ?? new TargetTracker(target.name, effectiveThresholds(config, target));
      tracker.thresholds = effectiveThresholds(config, target);
      next.set(target.name, { config: target, tracker });
    }
    for (const name of this.targets.keys()) if (!next.has(name)) this.deps.uptime.forget(name);
    this.targets = next;
    this.causesDirty = true;
    this.deps.memory.setCapacity(config.history.samplesPerTarget);
    this.deps.memory.retain(new Set(next.keys()));
  }

  /** The input: one probe result. */
  onResult(result: ProbeResult): void {
    const entry = this.targets.get(result.target);
    if (!entry) return;
    const { config: target, tracker } = entry;
    const changes = tracker.apply(result);
    // A failing report can name a different failing datastore; only then can a cause change without a state change.
    if (!result.ok && result.checks.length) this.causesDirty = true;
    const beat = heartbeatOf(result, result.ok ? breaches(result, tracker.thresholds) : []);
    this.deps.memory.record(result, beat);
    this.deps.writePoints(toPoints(target, tracker.state, result));
    if (this.deps.stream.has('sample'))
      this.deps.stream.publish('sample', {
        name: target.name,
        at: new Date(result.at).toISOString(),
        ok: result.ok,
        failure: result.failure,
        latencyMs: result.latencyMs,
        status: result.status,
        state: tracker.state,
        degraded: tracker.degraded,
        outcome: beat.outcome,
        reason: beat.reason,
      });
    this.handOn(target.name, changes);
  }

  /** Every second: targets enter and leave their maintenance windows. */
  checkMaintenance(now = Date.now()): void {
    for (const [name, { config, tracker }] of this.targets)
      this.handOn(name, tracker.setMaintenance(this.deps.inMaintenance(name, config.labels, now), now));
  }

  private handOn(name: string, changes: TrackerChange[]): void {
    for (const change of changes) {
      if (change.type === 'state') {
        this.causesDirty = true;
        // Only a failing target has a cause: 2,000 targets coming UP at start must not each recompute every cause.
        const rootCause = change.to === 'DOWN' || change.to === 'PENDING' ? (this.rootCauses().get(name) ?? null) : null;
        const at = new Date(change.at);
        this.deps.uptime.record(name, change.to, change.at);
        this.deps.writePoints([stateChangePoint(name, change.from, change.to, rootCause, change.at)]);
        void this.deps.activity
          .recordTransition({ target: name, from: change.from, to: change.to, at, rootCause })
          .catch((error: unknown) => this.deps.logger.error({ err: error }, 'recording a state transition failed'));
        this.deps.logger.info({ target: name, from: change.from, to: change.to, rootCause }, 'target state changed');
        this.deps.stream.publish('state', {
          name,
          from: change.from,
          to: change.to,
          at: at.toISOString(),
          rootCause,
          failure: this.targets.get(name)?.tracker.last?.failure ?? null,
        } satisfies StateChange);
        this.deps.onChange({ type: 'state', name, from: change.from, to: change.to, at: change.at });
      } else {
        this.deps.logger.info({ target: name, degraded: change.degraded, reasons: change.reasons }, 'target degraded flag changed');
        this.deps.stream.publish('state', {
          name,
          from: 'UP',
          to: 'UP',
          degraded: change.degraded,
          reasons: change.reasons,
          at: new Date(change.at).toISOString(),
          rootCause: null,
          failure: null,
        } satisfies StateChange);
        this.deps.onChange({ type: 'degraded', name, degraded: change.degraded, reasons: change.reasons, at: change.at });
      }
    }
  }

  /** Root causes of failing targets (recomputed only after something changed). */
  rootCauses(): Map<string, string | null> {
    if (this.causesDirty) {
      this.causes = findRootCauses(
        [...this.targets.values()].map(({ config, tracker }) => ({
          name: config.name,
          state: tracker.state,
          dependsOn: config.dependsOn,
          failedChecks: tracker.failedChecks,
        })),
      );
      this.causesDirty = false;
    }
    return this.causes;
  }

  /** One target as the later stages read it. */
  view(name: string): TargetView | undefined {
    const entry = this.targets.get(name);
    if (!entry) return undefined;
    const { config, tracker } = entry;
    return {
      name,
      state: tracker.state,
      degraded: tracker.degraded,
      degradedReasons: tracker.degradedReasons,
      failingSince: tracker.failingSince,
      labels: config.labels,
      rootCause: this.rootCauses().get(name) ?? null,
      last: tracker.last,
      settleMs: tracker.thresholds.failureThreshold * intervalSecondsOf(this.config, config) * 1000 + timeoutMsOf(this.config, config),
    };
  }

  /** Every target as the API and the stream's snapshot show it. */
  services(): ObservedService[] {
    const causes = this.rootCauses();
    const now = Date.now();
    return [...this.targets.values()].map(({ config, tracker }) => {
      const last = tracker.last;
      return {
        name: config.name,
        url: config.url,
        kind: config.kind,
        state: tracker.state,
        degraded: tracker.degraded,
        degradedReasons: tracker.degradedReasons,
        status: last?.status ?? null,
        since: new Date(tracker.since).toISOString(),
        lastCheckAt: last ? new Date(last.at).toISOString() : null,
        latencyMs: last ? last.latencyMs : null,
        error: last?.error ?? null,
        failure: last?.failure ?? null,
        dependsOn: config.dependsOn,
        rootCause: causes.get(config.name) ?? null,
        labels: config.labels,
        intervalSeconds: intervalSecondsOf(this.config, config),
        uptime: this.deps.uptime.all(config.name, now),
        checks: (last?.checks ?? []).map((c) => ({ name: c.name, status: c.status, value: c.value, unit: c.unit })),
      };
    });
  }

  hasTarget(name: string): boolean {
    return this.targets.has(name);
  }

  labelsOf(name: string): Record<string, string> {
    return this.targets.get(name)?.config.labels ?? {};
  }

  count(): number {
    return this.targets.size;
  }
}
