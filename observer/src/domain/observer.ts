import { EventEmitter } from 'node:events';
import { scheduleJob, type Job } from '@erp/service-kit';
import type { ObservedService, StateChange } from '@erp/contracts';
import type { IPoint } from 'influx';
import type { Logger } from 'pino';
import type { AlertEngine } from '../alerting/alert-engine';
import { effectiveThresholds, type ObserverConfig, type TargetConfig } from '../config/observer-config.schema';
import type { ActivityRepository } from '../data-access/activity.repository';
import type { HttpProber } from '../probing/http-prober';
import type { PollScheduler } from '../probing/poll-scheduler';
import type { InfluxStore } from '../storage/influx-store';
import type { MemoryHistory } from '../storage/memory-history';
import type { MuteRules } from '../model/mute-rules';
import { findRootCauses } from './root-cause';
import { TargetTracker, type TrackerChange } from './target-tracker';
import type { ProbeResult, TargetView } from '../model/target-types';
import { observerPoint, stateChangePoint, toPoints } from '../storage/influx-points';
import type { UptimeLedger } from './uptime';

export interface ObserverDeps {
  logger: Logger;
  prober: HttpProber;
  scheduler: PollScheduler;
  memory: MemoryHistory;
  influx: InfluxStore | null;
  engine: AlertEngine;
  mutes: MuteRules;
  uptime: UptimeLedger;
  activity: ActivityRepository;
}

/**
 * Runs the watching: polls every target on schedule, feeds each result to its state machine, records history
 * (memory, InfluxDB), state transitions (PostgreSQL) and publishes samples and state changes on `events`
 * (`sample`, `state`, `event`, `alert`) for the SSE stream.
 */
export class Observer {
  readonly events = new EventEmitter();
  private config!: ObserverConfig;
  private targets = new Map<string, { config: TargetConfig; tracker: TargetTracker }>();
  private causes = new Map<string, string | null>();
  private causesDirty = true;
  private tickTask: Job | null = null;
  private lastCpu = process.cpuUsage();
  private lastCpuAt = Date.now();
  private tickCount = 0;

  constructor(private readonly deps: ObserverDeps) {
    this.events.setMaxListeners(1_000);
  }

  /** Applies a (new) config: targets are added, updated (keeping their state) or removed. */
  applyConfig(config: ObserverConfig): void {
    this.config = config;
    const next = new Map<string, { config: TargetConfig; tracker: TargetTracker }>();
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
    this.deps.scheduler.setOptions(config.scheduler);
    this.deps.scheduler.setJobs(
      config.targets.map((t) => ({ name: t.name, intervalSeconds: this.interval(t), run: () => this.poll(t.name) })),
    );
    this.deps.engine.setOptions(config.alerting);
    this.deps.influx?.setOptions(config.influx);
  }

  start(): void {
    this.deps.scheduler.start();
    this.deps.influx?.start();
    this.tickTask = scheduleJob({ name: 'observer-tick', schedule: '* * * * * *', logger: this.deps.logger, run: async () => this.tick() });
  }

  async stop(): Promise<void> {
    await this.deps.scheduler.stop();
    if (this.tickTask) await this.tickTask.stop();
    this.tickTask = null;
    await this.deps.engine.drain();
    await this.deps.influx?.stop();
    this.deps.prober.close();
  }

  currentConfig(): ObserverConfig {
    return this.config;
  }

  /** Polls one target now and processes the result. */
  async poll(name: string): Promise<void> {
    const entry = this.targets.get(name);
    if (!entry) return;
    const t = entry.config;
    const result = await this.deps.prober.probe({ name, url: t.url, kind: t.kind, timeoutMs: this.timeout(t), expectStatus: t.expectStatus });
    if (this.targets.get(name) !== entry) return; // removed or replaced while polling
    this.handle(entry.config, entry.tracker, result);
  }

  private handle(target: TargetConfig, tracker: TargetTracker, result: ProbeResult): void {
    const changes = tracker.apply(result);
    // A failing report can name a different failing datastore; only then can a cause change without a state change.
    if (!result.ok && result.checks.length) this.causesDirty = true;
    this.deps.memory.record(result);
    this.deps.influx?.write(toPoints(target, tracker.state, result));
    this.events.emit('sample', { name: target.name, at: new Date(result.at).toISOString(), ok: result.ok, failure: result.failure, latencyMs: result.latencyMs, status: result.status, state: tracker.state, degraded: tracker.degraded });
    this.applyChanges(target.name, changes);
  }

  private applyChanges(name: string, changes: TrackerChange[]): void {
    for (const change of changes) {
      if (change.type === 'state') {
        this.causesDirty = true;
        const rootCause = this.rootCauses().get(name) ?? null;
        const at = new Date(change.at);
        this.deps.uptime.record(name, change.to, change.at);
        this.deps.influx?.write([stateChangePoint(name, change.from, change.to, rootCause, change.at)]);
        void this.deps.activity
          .recordTransition({ target: name, from: change.from, to: change.to, at, rootCause })
          .catch((error: unknown) => this.deps.logger.error({ err: error }, 'recording a state transition failed'));
        this.deps.logger.info({ target: name, from: change.from, to: change.to, rootCause }, 'target state changed');
        this.events.emit('state', { name, from: change.from, to: change.to, at: at.toISOString(), rootCause, failure: this.targets.get(name)?.tracker.last?.failure ?? null } satisfies StateChange);
        this.deps.engine.onStateChange(name, change.from, change.to, change.at);
      } else {
        this.deps.logger.info({ target: name, degraded: change.degraded, reasons: change.reasons }, 'target degraded flag changed');
        this.events.emit('state', { name, from: 'UP', to: 'UP', degraded: change.degraded, reasons: change.reasons, at: new Date(change.at).toISOString(), rootCause: null, failure: null } satisfies StateChange);
        this.deps.engine.onDegradedChange(name, change.degraded, change.at);
      }
    }
  }

  /** Every second: maintenance windows in and out, alert timing, and (every 10 s) the observer's own metrics. */
  private tick(): void {
    const now = Date.now();
    for (const [name, { config, tracker }] of this.targets) {
      const inWindow = this.deps.mutes.maintenanceFor(name, config.labels, now) !== null;
      this.applyChanges(name, tracker.setMaintenance(inWindow, now));
    }
    void this.deps.engine.tick(now);
    this.tickCount += 1;
    if (this.tickCount % 10 === 0 && this.deps.influx) {
      const cpu = process.cpuUsage(this.lastCpu);
      const cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, now - this.lastCpuAt)) * 100;
      this.lastCpu = process.cpuUsage();
      this.lastCpuAt = now;
      const stats = this.deps.influx.stats();
      this.deps.influx.write([observerPoint({ targets: this.targets.size, activePolls: this.deps.scheduler.stats().active, stats, cpuPercent, rss: process.memoryUsage.rss() }, now)]);
    }
  }

  /** Root causes of failing targets (recomputed only after something changed). */
  rootCauses(): Map<string, string | null> {
    if (this.causesDirty) {
      this.causes = findRootCauses([...this.targets.values()].map(({ config, tracker }) => ({ name: config.name, state: tracker.state, dependsOn: config.dependsOn, failedChecks: tracker.failedChecks })));
      this.causesDirty = false;
    }
    return this.causes;
  }

  /** What the alert engine reads about one target. */
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
        settleMs: tracker.thresholds.failureThreshold * this.interval(config) * 1000 + this.timeout(config),
    };
  }

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
        intervalSeconds: this.interval(config),
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

  /** Writes arbitrary points (events, alerts) to InfluxDB when configured. */
  writePoints(points: IPoint[]): void {
    this.deps.influx?.write(points);
  }

  private interval(target: TargetConfig): number {
    return target.intervalSeconds ?? this.config.defaults.intervalSeconds;
  }

  private timeout(target: TargetConfig): number {
    return target.timeoutMs ?? this.config.defaults.timeoutMs;
  }
}
