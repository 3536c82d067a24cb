import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, launchChromium, waitFor } from '@erp/testing';
import { cpuTicks, OBSERVER_MAIN, startTargetFarm } from './observer-load';

/** What the dashboard benchmark measures: the overview page in a real Chromium against an observer with many targets. */
export interface DashboardBenchResult {
  targets: number;
  intervalSeconds: number;
  /** Each load: from navigation start to the first paint of every row (the page's `overview:first-render` mark), ms. */
  firstRenderMs: number[];
  /** …and to the rows being built in the DOM (`overview:rows-built`), ms. */
  rowsBuiltMs: number[];
  /** Rows and heartbeat blocks in the DOM after the first render. */
  rows: number;
  beats: number;
  /** Main thread busy (CDP Performance.getMetrics TaskDuration) over the streaming window, percent of wall time. */
  busyPercent: number;
  /** The same window split: script, style recalculation, layout (percent of wall time). */
  scriptPercent: number;
  recalcStylePercent: number;
  layoutPercent: number;
  windowSeconds: number;
  /** Samples the page took in per second, and DOM flushes per second, over the window. */
  samplesPerSecond: number;
  flushesPerSecond: number;
  /** JS heap in use at the end of the window, MB; elements in the document. */
  heapUsedMegabytes: number;
  domElements: number;
  /** CPU of the observer process over the window (percent of one core): it shares the machine with the browser. */
  observerCpuPercent: number;
  loadAverage: number;
}

export interface DashboardBenchOptions {
  targets?: number;
  windowSeconds?: number;
  loads?: number;
  log?: (line: string) => void;
}

const CLK_TCK = 100;
/** As many polls as the overview's heartbeat bar shows, so the page opens on full bars. */
const BEATS = 50;

type Metrics = Record<string, number>;

/** What the page.evaluate callbacks use of the page (the bench compiles without the DOM library). */
interface PageGlobals {
  document: { querySelectorAll(selector: string): { length: number }; getElementsByTagName(tag: string): { length: number } };
}

/** 500 targets at 1 s; the overview opened `loads` times in Chromium, then left streaming for `windowSeconds`. */
export async function runDashboardBench(options: DashboardBenchOptions = {}): Promise<DashboardBenchResult> {
  const count = options.targets ?? 500;
  const windowSeconds = options.windowSeconds ?? 25;
  const loads = options.loads ?? 3;
  const log = options.log ?? (() => undefined);
  const intervalSeconds = 1;
  const farm = await startTargetFarm(count);
  const db = await createTestDatabase('dashboard_bench');
  const dir = await mkdtemp(join(tmpdir(), 'dashboard-bench-'));
  const configPath = join(dir, 'observer_config.json');
  const teams = ['commerce', 'stock', 'people', 'platform', 'finance'];
  await writeFile(
    configPath,
    JSON.stringify({
      defaults: { intervalSeconds, timeoutMs: 2000, thresholds: { failureThreshold: 3, successThreshold: 2 } },
      targets: Array.from({ length: count }, (_, i) => ({
        name: `svc-${i}`,
        url: farm.url(i),
        labels: { team: teams[i % teams.length] as string, group: `g${Math.floor(i / 50)}` },
      })),
      scheduler: { concurrency: 200, jitterMs: 500 },
      alerting: { groupWindowSeconds: 1, reminderIntervalSeconds: 0 },
      reports: { enabled: false },
    }),
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
  try {
    // Memory history only: the page reads the observer's memory, not InfluxDB.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      OBSERVER_CONFIG: configPath,
    };
    delete env.INFLUX_URL;
    child = spawn(process.execPath, ['--import', 'tsx', OBSERVER_MAIN], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const pid = child.pid as number;
    await waitFor(
      () =>
        fetch(`${base}/health/live`).then(
          (r) => r.ok,
          () => false,
        ),
      { timeoutMs: 60_000, intervalMs: 250, message: 'observer up' },
    );
    await waitFor(
      async () => {
        const services = (await (await fetch(`${base}/api/v1/services`)).json()) as { state: string }[];
        return services.length === count && services.every((s) => s.state === 'UP');
      },
      { timeoutMs: 90_000, intervalMs: 2000, message: 'all targets UP' },
    );
    log(`${count} targets UP; letting ${BEATS} polls each accumulate`);
    await waitFor(
      async () => {
        const services = (await (await fetch(`${base}/api/v1/services?heartbeat=${BEATS}`)).json()) as { heartbeat: { at: number[] } }[];
        return services.every((s) => s.heartbeat.at.length >= BEATS);
      },
      { timeoutMs: 120_000, intervalMs: 5000, message: `${BEATS} polls per target` },
    );

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    const metrics = async (): Promise<Metrics> =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));

    const firstRenderMs: number[] = [];
    const rowsBuiltMs: number[] = [];
    let rows = 0;
    let beats = 0;
    for (let load = 0; load < loads; load += 1) {
      await page.goto(base, { waitUntil: 'commit' });
      // Polled every 100 ms, not every frame: the check itself must not load the main thread it measures.
      await page.waitForFunction(() => performance.getEntriesByName('overview:first-render').length > 0, null, {
        timeout: 30_000,
        polling: 100,
      });
      const marks = await page.evaluate(() => ({
        firstRender: performance.getEntriesByName('overview:first-render')[0]?.startTime ?? -1,
        rowsBuilt: performance.getEntriesByName('overview:rows-built')[0]?.startTime ?? -1,
        received: performance.getEntriesByName('overview:snapshot-received')[0]?.startTime ?? -1,
        parsed: performance.getEntriesByName('overview:snapshot-parsed')[0]?.startTime ?? -1,
        domContentLoaded: (
          performance
            .getEntries()
            .find((e) => String(e.entryType) === 'navigation')
            ?.toJSON() as { domContentLoadedEventEnd?: number }
        )?.domContentLoadedEventEnd,
        rows: (globalThis as unknown as PageGlobals).document.querySelectorAll('.row').length,
        beats: (globalThis as unknown as PageGlobals).document.querySelectorAll('.row .b').length,
      }));
      firstRenderMs.push(Math.round(marks.firstRender));
      rowsBuiltMs.push(Math.round(marks.rowsBuilt));
      rows = marks.rows;
      beats = marks.beats;
      log(
        `load ${load + 1}: DOMContentLoaded ${Math.round(marks.domContentLoaded ?? -1)} ms, snapshot received ${Math.round(marks.received)} ms, parsed ${Math.round(marks.parsed)} ms`,
      );
      log(
        `load ${load + 1}: rows built ${Math.round(marks.rowsBuilt)} ms, first render ${Math.round(marks.firstRender)} ms (${rows} rows, ${beats} beats)`,
      );
    }
    if (rows !== count) throw new Error(`the overview shows ${rows} rows, expected ${count}`);

    // Streaming: the page as it was last loaded, left alone for the window.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const stats = () =>
      page.evaluate(() => {
        const s = (globalThis as unknown as { overviewStats?: { samples: number; flushes: number } }).overviewStats;
        return { samples: s?.samples ?? 0, flushes: s?.flushes ?? 0 };
      });
    const [m0, s0, ticks0] = [await metrics(), await stats(), cpuTicks(pid)];
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    const [m1, s1, ticks1] = [await metrics(), await stats(), cpuTicks(pid)];
    const elements = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.getElementsByTagName('*').length);
    const wall = (m1.Timestamp ?? 0) - (m0.Timestamp ?? 0);
    const share = (name: string) => round((((m1[name] ?? 0) - (m0[name] ?? 0)) / wall) * 100);
    if (errors.length) throw new Error(`the overview threw: ${errors.join('; ')}`);
    return {
      targets: count,
      intervalSeconds,
      firstRenderMs,
      rowsBuiltMs,
      rows,
      beats,
      busyPercent: share('TaskDuration'),
      scriptPercent: share('ScriptDuration'),
      recalcStylePercent: share('RecalcStyleDuration'),
      layoutPercent: share('LayoutDuration'),
      windowSeconds: round(wall),
      samplesPerSecond: round((s1.samples - s0.samples) / wall),
      flushesPerSecond: round((s1.flushes - s0.flushes) / wall),
      heapUsedMegabytes: round((m1.JSHeapUsedSize ?? 0) / 1048576),
      domElements: elements,
      observerCpuPercent: round(((ticks1 - ticks0) / CLK_TCK / wall) * 100),
      loadAverage: round(loadavg()[0] ?? 0),
    };
  } finally {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await farm.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
