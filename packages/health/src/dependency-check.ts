import { performance } from 'node:perf_hooks';
import type { HealthStatus } from './health-status';

/** What a check's `run` may return to override the measured duration or add detail. */
export interface CheckRunResult {
  observedValue?: unknown;
  observedUnit?: string;
  output?: string;
}

/** A dependency check, as given to `HealthMonitor.addCheck`. */
export interface CheckDefinition {
  /** `<component>:<measurement>`, e.g. `postgres:responseTime`. */
  name: string;
  /** `datastore`, `component`, `system` or a URI (the draft's componentType). */
  componentType: string;
  /** e.g. the downstream's base URL. */
  componentId?: string;
  /** Resolves when the dependency answers, throws when it does not. The signal aborts on timeout and on stop(). */
  run: (signal: AbortSignal) => Promise<CheckRunResult | void>;
  /** Delay between the end of one run and the start of the next (default 5000). */
  intervalMs?: number;
  /** Hard timeout of one run (default 2000). */
  timeoutMs?: number;
  /** A run slower than this is warn (default timeoutMs / 2). */
  warnMs?: number;
  /** A required check failing fails the service (503, not ready); otherwise it only warns (default true). */
  required?: boolean;
}

/** The last observation of a dependency, as reported under its name in `checks`. */
export interface DependencyResult {
  status: HealthStatus;
  observedValue: unknown;
  observedUnit: string;
  time: string;
  output?: string;
}

const CHECK_NAME = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/;

class CheckTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
  }
}

function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`addCheck: ${field} must be a positive number of ms, got ${value}`);
  return value;
}

/** Runs one dependency check in the background: one run at a time, a fixed delay between runs, a hard timeout. */
export class DependencyCheck {
  readonly name: string;
  readonly componentType: string;
  readonly componentId: string | undefined;
  readonly required: boolean;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly warnMs: number;
  private last: DependencyResult | undefined;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private controller: AbortController | undefined;

  constructor(
    private readonly definition: CheckDefinition,
    private readonly onResult: (check: DependencyCheck, previous: DependencyResult | undefined) => void,
  ) {
    if (!CHECK_NAME.test(definition.name))
      throw new TypeError(`addCheck: name must be "<component>:<measurement>", got ${JSON.stringify(definition.name)}`);
    if (typeof definition.run !== 'function') throw new TypeError(`addCheck: run must be a function (${definition.name})`);
    this.name = definition.name;
    this.componentType = definition.componentType;
    this.componentId = definition.componentId;
    this.required = definition.required ?? true;
    this.intervalMs = positive(definition.intervalMs ?? 5_000, 'intervalMs');
    this.timeoutMs = positive(definition.timeoutMs ?? 2_000, 'timeoutMs');
    this.warnMs = positive(definition.warnMs ?? this.timeoutMs / 2, 'warnMs');
  }

  /** The last result, or undefined while the first run has not finished. */
  get result(): DependencyResult | undefined {
    return this.last;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.runOnce();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort(new Error('health monitor stopped'));
  }

  private async runOnce(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const startedAt = performance.now();
    let timeout: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new CheckTimeoutError(this.timeoutMs)), this.timeoutMs);
      timeout.unref();
    });
    let result: DependencyResult;
    try {
      const returned = await Promise.race([Promise.resolve().then(() => this.definition.run(controller.signal)), deadline]);
      const elapsedMs = Math.round((performance.now() - startedAt) * 100) / 100;
      const slow = elapsedMs > this.warnMs;
      result = {
        status: slow ? 'warn' : 'pass',
        observedValue: returned?.observedValue ?? elapsedMs,
        observedUnit: returned?.observedUnit ?? 'ms',
        time: new Date().toISOString(),
      };
      const output = returned?.output ?? (slow ? `slower than ${this.warnMs} ms` : undefined);
      if (output !== undefined) result.output = output;
    } catch (error) {
      const elapsedMs = Math.round((performance.now() - startedAt) * 100) / 100;
      const reason = error instanceof Error ? error.message : String(error);
      result = {
        status: this.required ? 'fail' : 'warn',
        observedValue: elapsedMs,
        observedUnit: 'ms',
        time: new Date().toISOString(),
        output: this.required ? reason : `${reason} (not required)`,
      };
    } finally {
      clearTimeout(timeout);
      controller.abort(new Error('check run finished'));
    }
    if (!this.running || this.controller !== controller) return;
    const previous = this.last;
    this.last = result;
    this.onResult(this, previous);
    this.timer = setTimeout(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }
}
