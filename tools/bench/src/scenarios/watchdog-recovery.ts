import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitFor } from '@erp/testing';
import type { WatchdogEvent } from '@erp/watchdog/src/domain/watchdog-event';
import { dockerFleet } from '@erp/harness/watchdog/dockerd';
import { FakeObserver } from '@erp/harness/watchdog/fake-observer';
import type { Workload } from '@erp/harness/watchdog/workloads';

/** The bearer token the fake observer accepts from the watchdog under test. */
const OBSERVER_TOKEN = 'observer-admin-token-for-the-bench';

/** What one run of the watchdog benchmark measured (times in ms, CPU in percent of one core). */
export interface WatchdogBenchResult {
  containers: number;
  rounds: number;
  /** DOWN verdict → restart issued (the watchdog's `restart` event). Goal: < 1000 ms. */
  verdictToRestartMs: Summary;
  /** DOWN verdict → the container's httpd answering its health URL with 200 again. */
  verdictToHealthyMs: Summary;
  idleCpuPercent: number;
  massFailure: { cpuPercent: number; allHealthyAfterMs: number };
}

interface Summary {
  p50: number;
  p95: number;
  max: number;
}

export interface WatchdogBenchOptions {
  containers?: number;
  rounds?: number;
  idleWindowMs?: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

function summary(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}

/** CPU time (ms) a process has used so far, from /proc/<pid>/stat (utime + stime). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the watchdog as its own process (as in production: `node --import tsx src/main.ts`), default timings. */
async function startWatchdogProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../../../watchdog/src/main.ts')], {
    cwd: path.join(__dirname, '../../../../watchdog'),
    env: { PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health/live`)).ok, { timeoutMs: 30_000, intervalMs: 100, message: 'watchdog up' });
  return { child, url };
}

async function events(url: string, query: Record<string, string>): Promise<WatchdogEvent[]> {
  return (await (await fetch(`${url}/api/v1/events?${new URLSearchParams({ limit: '1000', ...query })}`)).json()) as WatchdogEvent[];
}

async function answersHealthy(w: Workload): Promise<boolean> {
  try {
    return (await fetch(w.healthUrl, { signal: AbortSignal.timeout(200) })).ok;
  } catch {
    return false;
  }
}

/**
 * Real dockerd, N busybox containers, the test observer probing every 100 ms, and the watchdog as a child process
 * with its production timings (tick 1 s, poll 2 s, backoff from 10 s) except a 1 s backoff reset, so each round is a first restart.
 */
export async function runWatchdogBench(options: WatchdogBenchOptions = {}): Promise<WatchdogBenchResult> {
  const containers = options.containers ?? 10;
  const rounds = options.rounds ?? 10;
  // HEALTHCHECK every 2 s (the tests use 250 ms): closer to production, and it keeps dockerd from drowning in execs.
  const fleet = await dockerFleet({ healthIntervalMs: 2000 });
  const observer = new FakeObserver({ token: OBSERVER_TOKEN, probeMs: 100 });
  let watchdog: ChildProcess | undefined;
  try {
    const workloads: Workload[] = [];
    for (let i = 0; i < containers; i++) workloads.push(await fleet.add({ name: `bench-${i}` }));
    for (const w of workloads) observer.watch({ name: w.name, healthUrl: w.healthUrl });
    await observer.start();
    await waitFor(() => workloads.every((w) => observer.stateOf(w.name) === 'UP'), { timeoutMs: 60_000, message: 'all UP' });
    const started = await startWatchdogProcess({
      ...fleet.driverEnv,
      OBSERVER_URL: observer.url,
      OBSERVER_ADMIN_TOKEN: OBSERVER_TOKEN,
      WATCHDOG_BACKOFF_RESET_MS: '1000',
      WATCHDOG_GIVE_UP_AFTER: '1000',
      WATCHDOG_BUDGET: '1000',
    });
    watchdog = started.child;
    const pid = watchdog.pid ?? 0;
    await waitFor(
      async () => ((await (await fetch(`${started.url}/api/v1/status`)).json()) as { targets: unknown[] }).targets.length === containers,
      { timeoutMs: 30_000 },
    );

    const idleStart = cpuMs(pid);
    const idleWindowMs = options.idleWindowMs ?? 10_000;
    await sleep(idleWindowMs);
    const idleCpuPercent = ((cpuMs(pid) - idleStart) / idleWindowMs) * 100;

    const toRestart: number[] = [];
    const toHealthy: number[] = [];
    const subject = workloads[0] as Workload;
    const dockerHealth = async (name: string) =>
      ((await (await fetch(`${started.url}/api/v1/status`)).json()) as { targets: Array<{ name: string; health: string }> }).targets.find(
        (t) => t.name === name,
      )?.health;
    for (let round = 0; round < rounds; round++) {
      // Break only a container that finished starting (Docker health healthy): a starting one is left alone by design.
      await waitFor(async () => (await dockerHealth(subject.name)) === 'healthy', { timeoutMs: 10_000, intervalMs: 20 });
      const before = (await events(started.url, { target: subject.name, kind: 'restart' })).length;
      const seen = observer.transitions.length;
      subject.break();
      const down = await waitFor(() => observer.transitions.slice(seen).find((t) => t.name === subject.name && t.to === 'DOWN'), {
        timeoutMs: 10_000,
        intervalMs: 5,
      });
      const restart = await waitFor(async () => (await events(started.url, { target: subject.name, kind: 'restart' }))[before], {
        timeoutMs: 10_000,
        intervalMs: 10,
      });
      await waitFor(() => answersHealthy(subject), { timeoutMs: 30_000, intervalMs: 10 });
      const healthyAt = Date.now();
      toRestart.push(Date.parse(restart.at) - down.at);
      toHealthy.push(healthyAt - down.at);
      await waitFor(async () => (await events(started.url, { target: subject.name, kind: 'restart-completed' })).length > before, {
        timeoutMs: 30_000,
      });
      // Healthy long enough that the backoff starts over: every round is a first restart, made at once.
      await waitFor(async () => (await events(started.url, { target: subject.name, kind: 'backoff-reset' })).length > before, {
        timeoutMs: 30_000,
      });
    }

    const massStart = cpuMs(pid);
    const massT0 = Date.now();
    for (const w of workloads) w.break();
    await sleep(500);
    await waitFor(
      async () =>
        (await Promise.all(workloads.map(answersHealthy))).every(Boolean) && workloads.every((w) => observer.stateOf(w.name) === 'UP'),
      { timeoutMs: 120_000, intervalMs: 20 },
    );
    const allHealthyAfterMs = Date.now() - massT0;
    const massCpuPercent = ((cpuMs(pid) - massStart) / allHealthyAfterMs) * 100;

    return {
      containers,
      rounds,
      verdictToRestartMs: summary(toRestart),
      verdictToHealthyMs: summary(toHealthy),
      idleCpuPercent: Math.round(idleCpuPercent * 100) / 100,
      massFailure: { cpuPercent: Math.round(massCpuPercent * 10) / 10, allHealthyAfterMs },
    };
  } finally {
    watchdog?.kill('SIGTERM');
    await observer.stop();
    await fleet.cleanup();
  }
}

if (require.main === module) {
  runWatchdogBench().then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
