import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { benchGoals, DEFAULT_THRESHOLDS_FILE, loadThresholds, type Thresholds } from '../src/thresholds';

const run = promisify(execFile);
const BENCH = path.join(__dirname, '..');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bench-thresholds-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const original = (): Thresholds => loadThresholds(DEFAULT_THRESHOLDS_FILE);

/** Writes `content` (an object as JSON, a string as is) to a temp file and returns its path. */
async function tempFile(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Runs `pnpm bench` (the CLI) with BENCH_THRESHOLDS=file; resolves with its exit code and output. */
async function bench(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: BENCH,
      env: { ...process.env, BENCH_THRESHOLDS: file },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('thresholds.json', () => {
  test('when the checked-in file is loaded, then it passes the schema and holds the goals of every scenario', () => {
    const file = original();
    expect(Object.keys(file.bench).sort()).toEqual(['catalog', 'dashboard', 'observer', 'orders', 'watchdog']);
    expect(file.bench.orders.oversoldUnits).toBe(0);
    // issue #15: 2,000 targets at 1 s on ≤ 60 % of one core and ≤ 400 MB, failure → email ≤ 5 s
    expect(file.bench.observer).toEqual({ targets: 2000, cpuMaxPercentOfOneCore: 60, rssMaxMegabytes: 400, alertMaxMs: 5000 });
    expect(Object.keys(file.k6.endpoints).length).toBeGreaterThan(0);
  });

  test('when BENCH_THRESHOLDS names another file, then the bench goals come from it', async () => {
    const changed = original();
    changed.bench.watchdog.verdictToRestartMaxMs = 777;
    const previous = process.env.BENCH_THRESHOLDS;
    process.env.BENCH_THRESHOLDS = await tempFile('env.json', changed);
    try {
      expect(benchGoals().watchdog.verdictToRestartMaxMs).toBe(777);
    } finally {
      if (previous === undefined) delete process.env.BENCH_THRESHOLDS;
      else process.env.BENCH_THRESHOLDS = previous;
    }
  });

  test('when a field has the wrong type, an unknown key or a relaxed invariant, then loading fails naming the file and each field', async () => {
    const broken = original() as unknown as { bench: Record<string, Record<string, unknown>>; k6: { endpoints: Record<string, unknown> } };
    broken.bench.catalog!.healthP99MaxRatioToBareNode = '1.2';
    broken.bench.orders!.oversoldUnits = 5;
    broken.bench.orders!.confirmedOrdersPerSecond = 300;
    delete broken.bench.observer!.rssMaxMegabytes;
    broken.bench.observer!.alertSlackMs = 2000; // the old, relative form of the alert goal
    broken.k6.endpoints.Checkout = { p95MaxMs: 1, p99MaxMs: 2 };
    const file = await tempFile('broken.json', broken);
    const error = (() => {
      try {
        loadThresholds(file);
      } catch (thrown) {
        return (thrown as Error).message;
      }
      return 'no error';
    })();
    expect(error).toContain(`thresholds file ${file} is invalid`);
    expect(error).toMatch(/bench\.catalog\.healthP99MaxRatioToBareNode: .*expected number/);
    expect(error).toMatch(/bench\.orders\.oversoldUnits: /);
    expect(error).toMatch(/bench\.orders: .*confirmedOrdersPerSecond/);
    expect(error).toMatch(/bench\.observer\.rssMaxMegabytes: .*expected number/);
    expect(error).toMatch(/bench\.observer: .*alertSlackMs/);
    expect(error).toMatch(/k6\.endpoints\.Checkout: .*kebab-case/);
  });

  test('when the file is not JSON or missing, then loading fails naming it', async () => {
    const notJson = await tempFile('not.json', '{ "bench": ');
    expect(() => loadThresholds(notJson)).toThrow(`thresholds file ${notJson}: `);
    expect(() => loadThresholds(path.join(dir, 'missing.json'))).toThrow(/missing\.json: ENOENT/);
  });
});

describe('pnpm bench reads its goals from the file', () => {
  test('when the thresholds file is broken, then the CLI exits 2 naming the field before measuring anything', async () => {
    const broken = original() as unknown as { bench: { catalog: Record<string, unknown> } };
    broken.bench.catalog.cachedReadMinRatioToBareExpress = -1;
    const { code, stdout, stderr } = await bench(await tempFile('cli-broken.json', broken), ['catalog']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bench\.catalog\.cachedReadMinRatioToBareExpress: /);
    expect(stdout).toBe('');
  }, 60_000);

  test('when a temp copy changes the catalog goals, then the run checks the changed numbers and exits 1 on the failed goal', async () => {
    const changed = original();
    changed.bench.catalog.cachedReadMinRatioToBareExpress = 1000;
    changed.bench.catalog.healthP99MaxRatioToBareNode = 54321;
    const out = path.join(dir, 'results');
    const { code, stderr } = await bench(await tempFile('catalog.json', changed), [
      'catalog',
      '--duration',
      '1',
      '--warmup',
      '0',
      '--connections',
      '1',
      '--out',
      out,
    ]);
    expect({ code, stderr: code === 1 ? '' : stderr }).toEqual({ code: 1, stderr: '' });
    const report = JSON.parse(await readFile(path.join(out, 'catalog.json'), 'utf8')) as {
      goals: Array<{ name: string; expected: string; pass: boolean }>;
    };
    expect(report.goals).toEqual([
      expect.objectContaining({ name: 'cached product read (in-process cache)', expected: '≥ 1000.00 × bare Express 5', pass: false }),
      expect.objectContaining({ name: '/health at 1 connections', expected: 'p99 ≤ 54321.00 × bare node:http', pass: true }),
    ]);
  }, 180_000);
});
