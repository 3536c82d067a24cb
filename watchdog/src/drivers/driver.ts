import type { Target } from '../domain/target';

/** How the watchdog sees and restarts one kind of workload. One file per driver, registered in driver-registry.ts. */
export interface WatchdogDriver {
  /** Registry name, also the health check's component (`docker:responseTime`). */
  readonly name: string;
  /** Human-readable address of what it talks to (socket path, supervisor URL), for status and errors. */
  readonly endpoint: string;
  /** Every opted-in target (label `erp.watchdog.enable=true`, and the scope label if set); others are never listed, inspected or touched. */
  list(): Promise<Target[]>;
  /** The target's current state, or null when it no longer exists. */
  inspect(id: string): Promise<Target | null>;
  /** Graceful stop (SIGTERM, then the engine's own kill after `stopTimeoutMs`) and start again. */
  restart(id: string, stopTimeoutMs: number): Promise<void>;
  /** Kill at once; a target that is not running is not an error. */
  kill(id: string): Promise<void>;
  /** Start; a target that is already running is not an error. */
  start(id: string): Promise<void>;
  /** Throws with a clear reason when the engine or supervisor cannot be reached. */
  ping(): Promise<void>;
}

/** Settings a driver may read; each driver validates what it needs. */
export interface DriverSettings {
  dockerHost: string;
  supervisorUrl: string | undefined;
  supervisorToken: string | undefined;
  requestTimeoutMs: number;
  /** Only targets that also carry this label are watched (e.g. one compose project); null → every opted-in target. */
  scope: { key: string; value: string } | null;
}

export type DriverFactory = (settings: DriverSettings) => WatchdogDriver;
