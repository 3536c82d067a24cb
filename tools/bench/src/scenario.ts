/** Contracts between the bench runner, its scenarios and the server child processes. */
import type { Prerequisite } from './prerequisites';

/** JSON that can cross the IPC channel to a server child. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A server a scenario started inside a child process. */
export interface StartedServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Anything the parent should know (ids created, cache kind, …). */
  meta?: Record<string, Json>;
  close(): Promise<void>;
}

/** Starts one server; runs in a child process, so the load generator never competes with it for a core. */
export type ServerFactory = (input: Json) => Promise<StartedServer>;

/** A server as the parent sees it. */
export interface ServerHandle {
  name: string;
  url: string;
  meta: Record<string, Json>;
  /** Child process id (for `--cpu-prof` and the like). */
  pid: number;
  stop(): Promise<void>;
}

/** One load target: a URL hammered by autocannon. */
export interface Target {
  /** Row label in the table and key in the JSON result. */
  label: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
}

/** What one target measured. Latencies come from every 2xx response, in milliseconds with µs resolution. */
export interface Measurement {
  label: string;
  url: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Rounds merged into this row (medians of req/s and percentiles; sums of counts; max of max). */
  rounds?: number;
  /** Each round's own figures, in round order, when several were merged: their spread is the figure's noise. */
  perRound?: { requestsPerSec: number[]; p50Ms: number[]; p90Ms: number[]; p99Ms: number[] };
  /** A reference the scenario measures beside the real thing (bare node:http, bare Express): shown, never gated. */
  control?: boolean;
}

/** A performance goal checked against the measurements. */
export interface GoalResult {
  name: string;
  /** The goal in words, e.g. `≥ 0.90 × bare Express`. */
  expected: string;
  /** What was measured, e.g. `0.93 ×`. */
  actual: string;
  pass: boolean;
  /** The measured number behind `actual` (history, comparison, charts, the CI gate). */
  value?: number;
  /** Its unit, e.g. `×`, `ms`, `%`, `/s`. */
  unit?: string;
  /** Which way is better: `higher` for throughput and ratios, `lower` for latencies and CPU. */
  better?: 'higher' | 'lower';
  /** The goal's own limit (the number `expected` names). */
  limit?: number;
  /** The value per round when the scenario measured several interleaved rounds (their spread is the noise). */
  rounds?: number[];
}

/** Options every scenario gets from the CLI. */
export interface RunOptions {
  /** Seconds of measured load per target. */
  durationSeconds: number;
  /** Seconds of unmeasured load before each measurement (JIT, caches, pools). */
  warmupSeconds: number;
  connections: number;
  /** `measureAll` measures every target this many times, interleaved, and reports the medians. */
  rounds: number;
  /** Start server children with `--cpu-prof` into this directory. */
  cpuProfDir?: string;
}

/** What a scenario's `run` can use. */
export interface ScenarioContext {
  options: RunOptions;
  /** Starts `scenario.servers[name]` in a child process; stopped automatically after the run. */
  startServer(name: string, input?: Json): Promise<ServerHandle>;
  /** Warms up, then measures one target with autocannon (in this process). */
  measure(target: Target): Promise<Measurement>;
  /**
   * Measures targets side by side: `rounds` rounds, each target once per round (warm-up in the first), medians per
   * target. Interleaving keeps a machine whose load drifts from favouring whichever target ran in a quiet minute.
   */
  measureAll(targets: Target[]): Promise<Measurement[]>;
  /** Runs after the scenario (also on failure), in reverse order: drop databases and the like. */
  onCleanup(cleanup: () => Promise<void> | void): void;
  /** A progress line on stderr. */
  log(message: string): void;
}

/** What a scenario reports. */
export interface ScenarioOutcome {
  measurements: Measurement[];
  /** Label of the measurement the ratios are relative to. */
  baseline?: string;
  goals: GoalResult[];
  /** Free-form lines printed under the table (setup, caveats). */
  notes?: string[];
}

/** A finished scenario with the options it ran under. */
export interface ScenarioReport extends ScenarioOutcome {
  scenario: string;
  description: string;
  startedAt: string;
  options: RunOptions;
  /** How load and servers were placed on this machine. */
  setup: { loadGenerator: string; servers: string; cpus: number; node: string; loadAverageAtStart: number };
}

/** A benchmark scenario: one file under `src/scenarios/<name>.bench.ts`, one line in `src/registry.ts`. */
export interface BenchScenario {
  name: string;
  description: string;
  servers: Record<string, ServerFactory>;
  /** What the machine must have; when something is missing the scenario is not run (the others are) and the run says what. */
  requires?: Prerequisite[];
  run(ctx: ScenarioContext): Promise<ScenarioOutcome>;
}

/** Identity helper that type-checks a scenario. */
export function defineScenario(scenario: BenchScenario): BenchScenario {
  return scenario;
}
