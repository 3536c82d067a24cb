import type { Target } from '../../src/domain/target';
import type { WatchdogDriver } from '../../src/drivers/driver';
import { driverRegistry } from '../../src/drivers/driver-registry';

/**
 * A driver for members that run inside the test process (started with `startService`), which no engine can restart:
 * it lists them as running, opted-in targets and records every restart, kill and start the watchdog asks for
 * (a recorded restart also counts as a new incarnation, so the watchdog's own bookkeeping completes).
 */
export class RecordingDriver implements WatchdogDriver {
  readonly name = 'recording';
  readonly endpoint = 'in-process members of the test';
  readonly actions: Array<{ action: 'restart' | 'kill' | 'start'; target: string; at: number }> = [];
  private readonly startedAt = new Map<string, number>();
  private readonly crashed = new Set<string>();

  constructor(names: string[]) {
    for (const name of names) this.startedAt.set(name, Date.now());
  }

  /** The target's process exits (the driver reports it `crashed`) until the watchdog restarts or starts it. */
  crash(name: string): void {
    this.crashed.add(name);
  }

  /** Restarts asked for, by target name. */
  restarts(): string[] {
    return this.actions.filter((a) => a.action === 'restart').map((a) => a.target);
  }

  list(): Promise<Target[]> {
    return Promise.resolve([...this.startedAt.keys()].map((name) => this.target(name)));
  }

  inspect(id: string): Promise<Target | null> {
    return Promise.resolve(this.startedAt.has(id) ? this.target(id) : null);
  }

  restart(id: string): Promise<void> {
    this.record('restart', id);
    return Promise.resolve();
  }

  kill(id: string): Promise<void> {
    this.record('kill', id);
    return Promise.resolve();
  }

  start(id: string): Promise<void> {
    this.record('start', id);
    return Promise.resolve();
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  private record(action: 'restart' | 'kill' | 'start', target: string): void {
    this.actions.push({ action, target, at: Date.now() });
    if (action === 'kill') return;
    this.startedAt.set(target, Date.now());
    this.crashed.delete(target);
  }

  private target(name: string): Target {
    return {
      id: name,
      name,
      labels: { 'erp.watchdog.enable': 'true', 'erp.service': name },
      state: this.crashed.has(name) ? 'crashed' : 'running',
      health: 'none',
      startedAt: this.startedAt.get(name) ?? null,
      startPeriodMs: null,
    };
  }
}

let current: RecordingDriver | undefined;

/** Registers the `recording` driver (once per test file) and makes the next watchdog started with `WATCHDOG_DRIVER=recording` use `driver`. */
export function useRecordingDriver(driver: RecordingDriver): void {
  if (!driverRegistry.names().includes('recording')) driverRegistry.register('recording', () => current as RecordingDriver);
  current = driver;
}
