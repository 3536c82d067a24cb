import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import { DependencyCheck, type CheckDefinition, type DependencyResult } from './dependency-check';
import type { HealthCheck, HealthReport } from './health-report.schema';
import { httpStatusFor, worseStatus, type HealthStatus } from './health-status';
import { createHealthRouter, type HealthHandler, type PreparedResponse } from './health.router';
import { createHttpMetricsMiddleware, createResponseTimer } from './http-metrics.middleware';
import { LatencyWindow } from './latency-window';
import { SystemSampler } from './system-sampler';
import { judge, resolveThresholds, type HealthThresholds, type HealthThresholdsInput } from './thresholds';

/** The part of a pino logger the monitor uses (status transitions of dependency checks). */
export interface HealthLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface HealthMonitorOptions {
  serviceId: string;
  version: string;
  /** Git sha or build id. */
  releaseId?: string;
  description?: string;
  /** Overrides of the default thresholds (see `defaultThresholds`). */
  thresholds?: HealthThresholdsInput;
  /** How often CPU, memory and event-loop delay are sampled (default 1000 ms). */
  sampleIntervalMs?: number;
  /** A served report is rebuilt at most this often unless a check result changes (default 250 ms). */
  maxReportAgeMs?: number;
  logger?: HealthLogger;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * The fleet's health reporter: system checks, HTTP latency / error rate, and background dependency
 * checks, served as `application/health+json` from a precomputed body.
 */
export class HealthMonitor {
  private readonly thresholds: HealthThresholds;
  private readonly checks = new Map<string, DependencyCheck>();
  private readonly sampler: SystemSampler;
  private readonly latency = new LatencyWindow();
  private readonly maxReportAgeMs: number;
  private started = false;
  private ready = false;
  private draining = false;
  private brokenReason: string | undefined;
  private dirty = true;
  private builtAt = 0;
  private current!: HealthReport;
  private health!: PreparedResponse;
  private readiness!: PreparedResponse;
  private liveness!: PreparedResponse;
  private cachedRouter: HealthHandler | undefined;
  private cachedMiddleware: RequestHandler | undefined;
  private cachedTimer: ((res: ServerResponse) => void) | undefined;

  constructor(private readonly options: HealthMonitorOptions) {
    this.thresholds = resolveThresholds(options.thresholds);
    this.sampler = new SystemSampler(options.sampleIntervalMs ?? 1_000);
    this.maxReportAgeMs = options.maxReportAgeMs ?? 250;
  }

  /** Adds a dependency check; it runs in the background from `start()` on (at once if already started). */
  addCheck(definition: CheckDefinition): this {
    if (this.checks.has(definition.name) || isSystemCheck(definition.name))
      throw new Error(`addCheck: a check named ${definition.name} already exists`);
    const check = new DependencyCheck(definition, (changed, previous) => this.onCheckResult(changed, previous));
    this.checks.set(check.name, check);
    this.dirty = true;
    if (this.started) check.start();
    return this;
  }

  /** Starts sampling and every dependency check. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.sampler.start();
    for (const check of this.checks.values()) check.start();
    this.dirty = true;
  }

  /** Stops every timer and aborts running checks. Idempotent. */
  stop(): void {
    this.started = false;
    this.sampler.stop();
    for (const check of this.checks.values()) check.stop();
  }

  /** Marks the service ready (or not) for traffic; `/health/ready` also needs every required check passing. */
  setReady(ready: boolean): void {
    this.ready = ready;
    this.dirty = true;
  }

  /** The service is shutting down: `/health/ready` answers 503 from now on. */
  setDraining(): void {
    this.draining = true;
    this.dirty = true;
  }

  /** The process cannot serve any more and should be restarted: `/health/live` answers 503 with the reason. */
  markBroken(reason: string): void {
    this.brokenReason = reason;
    this.dirty = true;
  }

  /** The current report (rebuilt at most every `maxReportAgeMs` or when a check changes). Treat it as read-only. */
  report(): HealthReport {
    this.refresh();
    return this.current;
  }

  /** Express middleware recording duration and 5xx of every request except `/health*`. */
  middleware(): RequestHandler {
    this.cachedMiddleware ??= createHttpMetricsMiddleware(this.latency);
    return this.cachedMiddleware;
  }

  /**
   * What {@link middleware} does for one response, as a plain call for a front middleware that already knows the
   * request is not `/health*`: times `res` and records its duration and 5xx-ness when it finishes.
   */
  responseTimer(): (res: ServerResponse) => void {
    this.cachedTimer ??= createResponseTimer(this.latency);
    return this.cachedTimer;
  }

  /** Express handler serving `GET`/`HEAD` `/health`, `/health/live` and `/health/ready`; every other request goes to `next()`. */
  router(): HealthHandler {
    this.cachedRouter ??= createHealthRouter({
      health: () => (this.refresh(), this.health),
      live: () => (this.refresh(), this.liveness),
      ready: () => (this.refresh(), this.readiness),
    });
    return this.cachedRouter;
  }

  private onCheckResult(check: DependencyCheck, previous: DependencyResult | undefined): void {
    this.dirty = true;
    const result = check.result;
    if (!result || !this.options.logger || previous?.status === result.status) return;
    const entry = { check: check.name, status: result.status, previous: previous?.status ?? 'pending', output: result.output };
    if (result.status === 'pass') this.options.logger.info(entry, `health check ${check.name} is pass`);
    else this.options.logger.warn(entry, `health check ${check.name} is ${result.status}`);
  }

  private refresh(): void {
    const now = performance.now();
    if (!this.dirty && now - this.builtAt < this.maxReportAgeMs) return;
    this.dirty = false;
    this.builtAt = now;
    this.build(now);
  }

  private build(now: number): void {
    const checks: Record<string, HealthCheck[]> = {};
    let status: HealthStatus = 'pass';
    const add = (name: string, check: HealthCheck & { status: HealthStatus }): void => {
      checks[name] = [check];
      status = worseStatus(status, check.status);
    };
    const system = this.sampler.latest;
    const t = this.thresholds;
    add('uptime', {
      componentType: 'system',
      observedValue: Math.round(process.uptime()),
      observedUnit: 's',
      status: 'pass',
      time: system.time,
    });
    add('cpu:utilization', {
      componentType: 'system',
      observedValue: system.cpuPercent,
      observedUnit: 'percent',
      status: judge(system.cpuPercent, t['cpu:utilization']),
      time: system.time,
    });
    add('memory:utilization', {
      componentType: 'system',
      observedValue: system.rssBytes,
      observedUnit: 'bytes',
      status: judge(system.rssBytes, t['memory:utilization']),
      time: system.time,
    });
    add('eventloop:delay', {
      componentType: 'system',
      observedValue: system.eventLoopDelayMs,
      observedUnit: 'ms',
      status: judge(system.eventLoopDelayMs, t['eventloop:delay']),
      time: system.time,
    });

    const window = this.latency.snapshot(now);
    const time = new Date().toISOString();
    const enough = window.count >= t.minRequests;
    const errorRate = window.count > 0 ? Math.round((window.errors / window.count) * 10_000) / 10_000 : 0;
    const few = enough ? '' : ` (fewer than ${t.minRequests} requests: not judged)`;
    add('http:responseTime', {
      componentType: 'component',
      observedValue: round2(window.p95),
      observedUnit: 'ms',
      status: enough ? judge(window.p95, t['http:responseTime']) : 'pass',
      time,
      output: `p95 over the last 60 s; p50 ${round2(window.p50)}, p99 ${round2(window.p99)}; ${window.count} requests${few}`,
    });
    add('http:errorRate', {
      componentType: 'component',
      observedValue: errorRate,
      observedUnit: 'ratio',
      status: enough ? judge(errorRate, t['http:errorRate']) : 'pass',
      time,
      output: `${window.errors} of ${window.count} requests answered 5xx over the last 60 s${few}`,
    });

    const blocking: string[] = [];
    for (const check of this.checks.values()) {
      const result = check.result ?? pendingResult();
      add(check.name, {
        componentType: check.componentType,
        ...(check.componentId ? { componentId: check.componentId } : {}),
        observedValue: result.observedValue,
        observedUnit: result.observedUnit,
        status: result.status,
        time: result.time,
        ...(result.output === undefined ? {} : { output: result.output }),
      });
      if (check.required && (!check.result || check.result.status === 'fail')) blocking.push(check.name);
    }

    this.current = { status, ...this.identity(), checks };
    this.health = { code: httpStatusFor(status), body: Buffer.from(JSON.stringify(this.current)) };
    this.readiness = this.prepareReadiness(blocking);
    this.liveness = this.prepareLiveness();
  }

  private prepareReadiness(blocking: string[]): PreparedResponse {
    let output: string | undefined;
    if (this.draining) output = 'draining';
    else if (!this.ready) output = 'starting';
    else if (blocking.length > 0) output = `required check not passing: ${blocking.join(', ')}`;
    const status: HealthStatus = output === undefined ? 'pass' : 'fail';
    return {
      code: httpStatusFor(status),
      body: Buffer.from(JSON.stringify({ status, ...this.identity(), ...(output ? { output } : {}) })),
    };
  }

  private prepareLiveness(): PreparedResponse {
    const status: HealthStatus = this.brokenReason === undefined ? 'pass' : 'fail';
    const output = this.brokenReason === undefined ? {} : { output: this.brokenReason };
    return { code: httpStatusFor(status), body: Buffer.from(JSON.stringify({ status, ...this.identity(), ...output })) };
  }

  private identity(): Pick<HealthReport, 'serviceId' | 'version' | 'releaseId' | 'description'> {
    const { serviceId, version, releaseId, description } = this.options;
    return { serviceId, version, ...(releaseId ? { releaseId } : {}), ...(description ? { description } : {}) };
  }
}

const SYSTEM_CHECKS = new Set([
  'uptime',
  'cpu:utilization',
  'memory:utilization',
  'eventloop:delay',
  'http:responseTime',
  'http:errorRate',
]);

function isSystemCheck(name: string): boolean {
  return SYSTEM_CHECKS.has(name);
}

function pendingResult(): DependencyResult {
  return {
    status: 'warn',
    observedValue: null,
    observedUnit: 'ms',
    time: new Date().toISOString(),
    output: 'pending: the first run has not finished',
  };
}
