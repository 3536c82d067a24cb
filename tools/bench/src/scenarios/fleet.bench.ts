import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bareExpressServer, bareNodeServer, getText } from '../bare-servers';
import { p99RatioAtMost, throughputAtLeast } from '../goals';
import { defineScenario } from '../scenario';
import { benchGoals } from '../thresholds';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
/** What `pnpm start` runs (the root package.json's start script). */
const LAUNCHER = path.join(REPO_ROOT, 'tools/launcher/src/cli.ts');
/** The demo product the catalog seeds (the same one the catalog scenario reads). */
const SKU = 'HP-ANC-700';
/** Variables a user's shell would not set for `pnpm start` but a test or CI environment might. */
const NOT_PASSED_ON = ['DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'NODE_ENV', 'TEST_DATABASE_ADMIN_URL', 'BENCH_REDIS_URL'];

interface RunningFleet {
  catalogUrl: string;
  members: string[];
  stop(): Promise<void>;
}

/**
 * `pnpm start` exactly: the launcher's CLI in a child process with a fresh state directory and a user's environment
 * (no DATABASE_URL, so embedded PostgreSQL; no REDIS_URL, so the in-process cache). Resolves once the launcher prints
 * its status table, with catalog's URL read from it. `root`: another checkout's launcher (tools/bench/src/cpu-per-request.ts
 * compares a change with the commit before it).
 */
export async function startFleet(log: (line: string) => void, root = REPO_ROOT): Promise<RunningFleet> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'bench-fleet-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_PASSED_ON.includes(name)));
  const launcher = root === REPO_ROOT ? LAUNCHER : path.join(root, path.relative(REPO_ROOT, LAUNCHER));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', launcher, '--state-dir', stateDir], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    const table = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pnpm start printed no status table in 180 s:\n${output.slice(-2_000)}`)), 180_000);
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-50_000);
        if (!output.includes('observer dashboard:')) return;
        clearTimeout(timer);
        resolve(output);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`pnpm start exited with ${code}:\n${output.slice(-2_000)}`)));
    });
    const rows = [...table.matchAll(/^(\S+)\s+(http:\/\/127\.0\.0\.1:\d+)\s+(\S+)/gm)];
    const catalog = rows.find((row) => row[1] === 'catalog');
    if (!catalog?.[2]) throw new Error(`catalog is not in pnpm start's status table:\n${table.slice(-2_000)}`);
    const notHealthy = rows.filter((row) => row[3] !== 'pass').map((row) => `${row[1]} (${row[3]})`);
    if (notHealthy.length) log(`pnpm start: not healthy at start: ${notHealthy.join(', ')}`);
    return { catalogUrl: catalog[2], members: rows.map((row) => row[1] as string), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export default defineScenario({
  name: 'fleet',
  description:
    'the catalog exactly as `pnpm start` runs it, with the whole fleet around it, side by side with bare node:http and bare Express 5 serving the same bytes',
  servers: { 'bare-node': bareNodeServer, 'bare-express': bareExpressServer },
  async run(ctx) {
    ctx.log('fleet: pnpm start (embedded PostgreSQL, every member, observer polling every second)');
    const fleet = await startFleet((line) => ctx.log(line));
    ctx.onCleanup(() => fleet.stop());
    const product = JSON.parse(await getText(`${fleet.catalogUrl}/api/v1/products/by-sku/${SKU}`)) as { id: string };
    const productPath = `/api/v1/products/${product.id}`;
    const body = await getText(fleet.catalogUrl + productPath);
    const bareNode = await ctx.startServer('bare-node', { body });
    const bareExpress = await ctx.startServer('bare-express', { body });

    const [node, bare, cached, health] = await ctx.measureAll([
      { label: 'bare node:http', url: bareNode.url + productPath },
      { label: 'bare Express 5', url: bareExpress.url + productPath },
      { label: 'catalog product (pnpm start)', url: fleet.catalogUrl + productPath },
      { label: 'catalog /health (pnpm start)', url: `${fleet.catalogUrl}/health` },
    ]);
    if (!node || !bare || !cached || !health) throw new Error('a fleet target was not measured');

    const goals = benchGoals().catalog;
    return {
      measurements: [{ ...node, control: true }, { ...bare, control: true }, cached, health],
      baseline: bare.label,
      goals: [
        throughputAtLeast('cached product read, as pnpm start runs catalog', cached, bare, goals.cachedReadMinRatioToBareExpress),
        p99RatioAtMost(
          `/health at ${ctx.options.connections} connections, as pnpm start runs catalog`,
          health,
          node,
          goals.healthP99MaxRatioToBareNode,
        ),
      ],
      notes: [
        `pnpm start ran ${fleet.members.length} members (${fleet.members.join(', ')}); the reference servers ran beside them, so every row shared the machine with the same fleet`,
        `every target serves the same ${Buffer.byteLength(body)}-byte product body (${SKU})`,
      ],
    };
  },
});
