import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, startInfluxServer, startSmtpSink, waitFor, type ReceivedMail } from '@erp/testing';

/** What the observer benchmark measures. */
export interface ObserverBenchResult {
  targets: number;
  intervalSeconds: number;
  failureThreshold: number;
  windowSeconds: number;
  /** CPU time of the observer process over the window, as a share of one core (percent). */
  cpuPercentOfOneCore: number;
  /** The observer's highest resident memory (VmRSS) over the steady window (sampled every 500 ms), MB; and its mean. */
  rssMegabytes: number;
  rssMeanMegabytes: number;
  /** The observer's peak resident memory since it started (VmHWM, start-up included), MB. */
  rssPeakMegabytes: number;
  /** CPU of the bench's own process over the window (the target farm answering every poll, the SMTP sink), percent of one core. */
  farmCpuPercentOfOneCore: number;
  /** Points InfluxDB received per second (probe + check points), and write requests per second. */
  influxPointsPerSecond: number;
  influxWriteRequestsPerSecond: number;
  pollsPerSecond: number;
  /** 1-minute load average of the machine when the window ended (other work on the machine skews latency). */
  loadAverage: number;
  /** From a target starting to fail to the alert email arriving at the SMTP server, per trial (ms). */
  detectionLatencyMs: number[];
  goals: ObserverBenchGoals;
  passed: boolean;
}

/** The goals `passed` is judged by (the scenario reads them from thresholds.json → bench.observer). */
export interface ObserverBenchGoals {
  cpuPercent: number;
  rssMegabytes: number;
  /** A target starting to fail → its DOWN email, worst trial, ms. */
  detectionMs: number;
}

export interface ObserverBenchOptions {
  targets?: number;
  windowSeconds?: number;
  trials?: number;
  goals?: ObserverBenchGoals;
  /** Start the observer with `--cpu-prof` writing into this directory. */
  cpuProfDir?: string;
  log?: (line: string) => void;
}

const CLK_TCK = 100;
export const OBSERVER_MAIN = join(__dirname, '..', '..', '..', '..', 'observer', 'src', 'main.ts');

/** Starts `count` simulated health targets (one HTTP server, one path each) that can be failed one by one. */
export async function startTargetFarm(count: number) {
  const failing = new Set<number>();
  const time = new Date().toISOString();
  const body = (i: number, status: 'pass' | 'fail') =>
    JSON.stringify({
      status,
      serviceId: `svc-${i}`,
      version: '0.1.0',
      checks: {
        uptime: [{ componentType: 'system', observedValue: 100, observedUnit: 's', status: 'pass', time }],
        'cpu:utilization': [{ componentType: 'system', observedValue: 3.2, observedUnit: 'percent', status: 'pass', time }],
        'memory:utilization': [{ componentType: 'system', observedValue: 81234944, observedUnit: 'bytes', status: 'pass', time }],
        'eventloop:delay': [{ componentType: 'system', observedValue: 1.1, observedUnit: 'ms', status: 'pass', time }],
        'http:responseTime': [{ componentType: 'component', observedValue: 3.1, observedUnit: 'ms', status: 'pass', time }],
        'http:errorRate': [{ componentType: 'component', observedValue: 0, observedUnit: 'ratio', status: 'pass', time }],
        'postgres:responseTime': [{ componentType: 'datastore', observedValue: 0.8, observedUnit: 'ms', status: 'pass', time }],
        'app:selfTest': [{ componentType: 'component', status, time }],
      },
    });
  const healthy = Array.from({ length: count }, (_, i) => body(i, 'pass'));
  const failed = Array.from({ length: count }, (_, i) => body(i, 'fail'));
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    const i = Number(/^\/t\/(\d+)\/health$/.exec(req.url ?? '')?.[1] ?? -1);
    if (!(i >= 0 && i < count)) return void res.writeHead(404).end();
    const down = failing.has(i);
    res.writeHead(down ? 503 : 200, { 'content-type': 'application/health+json' });
    res.end(down ? failed[i] : healthy[i]);
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (i: number) => `${base}/t/${i}/health`,
    fail: (i: number) => failing.add(i),
    heal: (i: number) => failing.delete(i),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
}

/** A memory figure of /proc/<pid>/status in bytes: `VmRSS` (resident now) or `VmHWM` (peak resident). */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`)) ?? `${field}: 0 kB`;
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
}

/** Whether a mail is about `target`: the subject names the incident's cause (a target, or a check such as check:app), the body every affected target. */
const mentions = (mail: ReceivedMail, target: string): boolean =>
  mail.subject.includes(target) || new RegExp(`\\b${target}\\b`).test(mail.text);

/** `targets` (default 2,000) targets at a 1 s interval against a real InfluxDB and SMTP server; the observer runs in its own process. */
export async function runObserverBench(options: ObserverBenchOptions = {}): Promise<ObserverBenchResult> {
  const count = options.targets ?? 2000;
  const windowSeconds = options.windowSeconds ?? 30;
  const trials = options.trials ?? 5;
  const log = options.log ?? (() => undefined);
  const intervalSeconds = 1;
  const failureThreshold = 3;
  const influxd = await startInfluxServer();
  const smtp = await startSmtpSink();
  const farm = await startTargetFarm(count);
  const db = await createTestDatabase('observer_bench');
  const dir = await mkdtemp(join(tmpdir(), 'observer-bench-'));
  const configPath = join(dir, 'observer_config.json');
  await writeFile(
    configPath,
    JSON.stringify({
      defaults: { intervalSeconds, timeoutMs: 2000, thresholds: { failureThreshold, successThreshold: 2 } },
      targets: Array.from({ length: count }, (_, i) => ({ name: `svc-${i}`, url: farm.url(i), labels: { bench: 'true' } })),
      scheduler: { concurrency: 200, jitterMs: 500 },
      // A window no longer than failureThreshold × interval costs no detection latency (see README).
      alerting: { groupWindowSeconds: 1, reminderIntervalSeconds: 0 },
      reports: { enabled: false },
    }),
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  try {
    child = spawn(
      process.execPath,
      [
        // e.g. OBSERVER_BENCH_NODE_FLAGS='--max-old-space-size=192' or '--trace-gc' (then the observer's stdout is shown)
        ...(process.env.OBSERVER_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
        ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, 'observer')}`] : []),
        '--import',
        'tsx',
        OBSERVER_MAIN,
      ],
      {
        env: {
          ...process.env,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          DATABASE_URL: db.url,
          OBSERVER_CONFIG: configPath,
          INFLUX_URL: influxd.urlFor('erp_metrics'),
          SMTP_URL: smtp.url,
          ALERT_EMAIL_FROM: 'observer@bench.local',
          ALERT_EMAIL_TO: 'ops@bench.local',
        },
        stdio: ['ignore', process.env.OBSERVER_BENCH_NODE_FLAGS ? 'inherit' : 'ignore', 'inherit'],
      },
    );
    const pid = child.pid as number;
    await waitFor(
      () =>
        fetch(`${base}/health/live`).then(
          (r) => r.ok,
          () => false,
        ),
      { timeoutMs: 60_000, intervalMs: 250, message: 'observer up' },
    );
    log(`observer up (pid ${pid}); warming up`);
    await waitFor(
      async () => {
        const services = (await (await fetch(`${base}/api/v1/services`)).json()) as { state: string; error: string | null }[];
        const up = services.filter((s) => s.state === 'UP').length;
        log(`${up}/${services.length} UP ${services.find((s) => s.error)?.error ?? ''}`);
        return services.length === count && up === count;
      },
      { timeoutMs: 90_000, intervalMs: 2000, message: 'all targets UP' },
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    const stats = async () => ((await (await fetch(`${base}/api/v1/observer`)).json()) as { influx: { written: number } }).influx.written;
    const writesBefore = await influxWriteRequests(influxd.baseUrl);
    const [ticks0, written0, polls0, t0, own0] = [cpuTicks(pid), await stats(), farm.requests(), Date.now(), process.cpuUsage()];
    // RSS rises and falls with the garbage collector's cycle: sampled every 500 ms over the window, the highest counts.
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(statusBytes(pid, 'VmRSS')), 500);
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    clearInterval(sampler);
    const [ticks1, written1, polls1, t1, own] = [cpuTicks(pid), await stats(), farm.requests(), Date.now(), process.cpuUsage(own0)];
    const writesAfter = await influxWriteRequests(influxd.baseUrl);
    const seconds = (t1 - t0) / 1000;
    const cpuPercent = ((ticks1 - ticks0) / CLK_TCK / seconds) * 100;
    rssSamples.push(statusBytes(pid, 'VmRSS'));
    const rss = Math.max(...rssSamples);
    const rssMean = rssSamples.reduce((a, b) => a + b, 0) / rssSamples.length;
    const farmCpuPercent = ((own.user + own.system) / 1000 / (t1 - t0)) * 100;
    log(
      `steady state: ${cpuPercent.toFixed(1)}% of one core, RSS ≤ ${(rss / 1048576).toFixed(0)} MB (mean ${(rssMean / 1048576).toFixed(0)}), ${((polls1 - polls0) / seconds).toFixed(0)} polls/s; target farm ${farmCpuPercent.toFixed(1)}%; load ${loadavg()[0]?.toFixed(1)}`,
    );

    const detection: number[] = [];
    for (let trial = 0; trial < trials; trial += 1) {
      const i = 17 + trial * 61;
      const name = `svc-${i}`;
      const started = Date.now();
      farm.fail(i);
      const mail = await waitFor(() => smtp.mails.find((m) => m.at >= started && m.subject.startsWith('DOWN') && mentions(m, name)), {
        timeoutMs: 30_000,
        intervalMs: 10,
        message: `alert for ${name}`,
      });
      detection.push(mail.at - started);
      farm.heal(i);
      await waitFor(() => smtp.mails.find((m) => m.at >= started && m.subject.startsWith('RECOVERED') && mentions(m, name)), {
        timeoutMs: 30_000,
        intervalMs: 50,
        message: `recovery of ${name}`,
      });
      log(`trial ${trial + 1}: ${name} alert after ${mail.at - started} ms`);
    }
    const goals = options.goals ?? { cpuPercent: 60, rssMegabytes: 400, detectionMs: 5000 };
    const rssPeak = statusBytes(pid, 'VmHWM');
    return {
      targets: count,
      intervalSeconds,
      failureThreshold,
      windowSeconds,
      cpuPercentOfOneCore: round(cpuPercent),
      rssMegabytes: round(rss / 1048576),
      rssMeanMegabytes: round(rssMean / 1048576),
      rssPeakMegabytes: round(rssPeak / 1048576),
      farmCpuPercentOfOneCore: round(farmCpuPercent),
      influxPointsPerSecond: round((written1 - written0) / seconds),
      influxWriteRequestsPerSecond: writesAfter !== null && writesBefore !== null ? round((writesAfter - writesBefore) / seconds) : -1,
      pollsPerSecond: round((polls1 - polls0) / seconds),
      loadAverage: round(loadavg()[0] ?? 0),
      detectionLatencyMs: detection,
      goals,
      passed: cpuPercent <= goals.cpuPercent && rss / 1048576 <= goals.rssMegabytes && detection.every((ms) => ms <= goals.detectionMs),
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await farm.close();
    await smtp.close();
    await influxd.destroy();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** influxd's own count of HTTP write requests (from /debug/vars), or null when unavailable. */
async function influxWriteRequests(baseUrl: string): Promise<number | null> {
  try {
    const vars = (await (await fetch(`${baseUrl}/debug/vars`)).json()) as Record<
      string,
      { name?: string; values?: Record<string, number> }
    >;
    const httpd = Object.values(vars).find((v) => v.name === 'httpd');
    return httpd?.values?.writeReq ?? null;
  } catch {
    return null;
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
