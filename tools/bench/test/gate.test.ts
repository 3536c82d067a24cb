/**
 * The performance gate of .github/workflows/perf.yml, run here for real: `pnpm bench catalog` on this checkout and on
 * a throw-away copy, interleaved as the workflow does, then the gate's own command (src/compare.ts). On this checkout
 * against itself the gate passes; against a copy whose product read does real extra work it fails, naming the figure.
 *
 * The copy is a git worktree of HEAD with one line changed in catalog's product route; nothing in the product knows
 * about this test. Its thresholds file relaxes the same-run goals (which `pnpm bench` checks on its own, see
 * README), so that what decides here is the comparison of head with base, the part of the gate this test proves.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_THRESHOLDS_FILE, loadThresholds } from '../src/thresholds';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../../..');
const PRODUCT_ROUTE = 'services/catalog/src/entry-points/api/product.routes.ts';
const READ = 'rawWithEtag(await getProduct(deps, params.id))';
/**
 * About 0.4 ms of CPU per read (the read itself costs ~0.15 ms): a careless change's regression, large enough that the
 * noise of a CI machine running other suites beside this one cannot hide it (150 rounds, ~50 µs, could).
 */
const SLOW_READ = "(pbkdf2Sync(params.id, 'gate-test', 1500, 32, 'sha256'), rawWithEtag(await getProduct(deps, params.id)))";
const BENCH_ARGS = ['catalog', '--duration', '2', '--warmup', '1', '--rounds', '3'];

let dir: string;
let copy: string;
let thresholds: string;

async function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  try {
    return await run(command, args, { cwd, env, maxBuffer: 20 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${failed.code}:\n${failed.stdout}\n${failed.stderr}`);
  }
}

/** `pnpm bench catalog` in `checkout`, results to `out`. A failed goal (exit 1) is the gate's business, not this helper's. */
async function benchCatalog(checkout: string, out: string): Promise<void> {
  try {
    await run(process.execPath, ['--import', 'tsx', 'tools/bench/src/cli.ts', ...BENCH_ARGS, '--out', out], {
      cwd: checkout,
      env: { ...process.env, BENCH_THRESHOLDS: thresholds, BENCH_HISTORY: path.join(dir, 'history') },
      maxBuffer: 20 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    if (failed.code !== 1) throw new Error(`pnpm bench in ${checkout} exited ${failed.code}:\n${failed.stderr}`);
  }
}

/** The gate exactly as perf.yml runs it; resolves with its exit code and Markdown. */
async function gate(head: string, base: string): Promise<{ code: number; markdown: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tools/bench/src/compare.ts', '--head', head, '--base', base], {
      cwd: REPO,
    });
    return { code: 0, markdown: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, markdown: `${failed.stdout}${failed.stderr}` };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bench-gate-'));
  copy = path.join(dir, 'slower-copy');
  const relaxed = loadThresholds(DEFAULT_THRESHOLDS_FILE);
  relaxed.bench.catalog.cachedReadMinRatioToBareExpress = 0.01;
  relaxed.bench.catalog.healthP99MaxRatioToBareNode = 1000;
  thresholds = path.join(dir, 'thresholds.json');
  await writeFile(thresholds, JSON.stringify(relaxed));

  await sh('git', ['worktree', 'add', '--detach', copy, 'HEAD'], REPO);
  const route = path.join(copy, PRODUCT_ROUTE);
  const source = await readFile(route, 'utf8');
  if (!source.includes(READ)) throw new Error(`${PRODUCT_ROUTE} no longer reads a product with ${READ}: update this test`);
  await writeFile(route, `import { pbkdf2Sync } from 'node:crypto';\n${source.replace(READ, SLOW_READ)}`);
  await sh('pnpm', ['install', '--frozen-lockfile', '--offline'], copy);

  // base, head and the slower copy one after the other, as the workflow alternates them; each run measures its 3
  // rounds interleaved, and their spread is the noise the gate weighs
  await benchCatalog(REPO, path.join(dir, 'base', '1'));
  await benchCatalog(REPO, path.join(dir, 'head', '1'));
  await benchCatalog(copy, path.join(dir, 'slower', '1'));
}, 900_000);

afterAll(async () => {
  await sh('git', ['worktree', 'remove', '--force', copy], REPO).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

test('when this checkout is measured against itself, then the gate passes', async () => {
  const { code, markdown } = await gate(path.join(dir, 'head'), path.join(dir, 'base'));
  expect({ code, markdown }).toEqual({ code: 0, markdown: expect.stringContaining('catalog') });
});

test('when the product read does extra work in a throw-away copy, then the gate fails naming the cached read', async () => {
  const { code, markdown } = await gate(path.join(dir, 'slower'), path.join(dir, 'base'));
  expect(code).toBe(1);
  const failing = markdown.split('\n').filter((line) => /fail/i.test(line));
  expect(failing.join('\n')).toMatch(/catalog product \(in-process cache\)|cached product read/);
});
