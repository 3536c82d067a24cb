import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One workload under test: a container or a process serving `/health` from a file its start writes. */
export interface Workload {
  name: string;
  /** Health URL the test observer probes. */
  healthUrl: string;
  /** Folder holding the health file (and `broken`, which keeps a start from writing it). */
  dir: string;
  /** Unhealthy until restarted: removes the health file. */
  break(): void;
  /** Unhealthy for good: every start comes up without the health file. */
  breakForGood(): void;
  /** Repairs a `breakForGood`: the next start is healthy again. */
  repair(): void;
  /** Exits (crashes) the workload. */
  crash(): Promise<void>;
  /** When its current incarnation started (epoch ms). */
  startedAt(): Promise<number | null>;
}

export interface WorkloadSpec {
  name: string;
  /** Opt in to the watchdog (label `erp.watchdog.enable=true`); default true. */
  labelled?: boolean;
  /** A start period the workload declares (Docker: HEALTHCHECK StartPeriod; process: label). */
  startPeriodMs?: number;
  /** Healthy only while this workload is: serves its health file instead of its own. */
  healthOf?: Workload;
  /** Ignores SIGTERM, so a graceful stop never ends. */
  ignoreTerm?: boolean;
}

/** A driver's world for the shared scenarios: how to make workloads and which env selects the driver. */
export interface Fleet {
  driverName: 'docker' | 'process';
  /** The watchdog's driver variables (DOCKER_HOST, or SUPERVISOR_URL/TOKEN). */
  driverEnv: Record<string, string>;
  add(spec: WorkloadSpec): Promise<Workload>;
  /** How to make a failure the driver itself can see (Docker: HEALTHCHECK; process: the exit). */
  failVisiblyToDriver(workload: Workload): Promise<void>;
  cleanup(): Promise<void>;
}

/** A fresh folder for a workload's health file. */
export function healthDir(name: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `erp-wd-${name}-`));
}

/** The file-based health switches shared by both kinds of workload. */
export function healthSwitches(dir: string) {
  const file = (f: string) => path.join(dir, f);
  const remove = (f: string) => {
    try {
      unlinkSync(file(f));
    } catch {
      // already gone
    }
  };
  return {
    break: () => remove('health'),
    breakForGood: () => {
      writeFileSync(file('broken'), 'x');
      remove('health');
    },
    repair: () => remove('broken'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
