/**
 * Server CPU time per request: robust to a loaded machine where req/s is noise.
 *
 *   node --import tsx tools/bench/src/cpu-per-request.ts [--rounds 5] [--requests 20000] [--connections 50]
 *        [--variants bench,main,main+production,...] [--other-root DIR] [--fleet] [--target label=http://host:port/path]
 *
 * Starts bare Express 5 (the bench's reference server child) and the catalog in the ways listed below, all alive at
 * once, then in every round sends each target one burst of `--requests` GETs of the same cached product (autocannon,
 * `--connections`), one target after another, and divides the server process's CPU time (utime + stime of every
 * thread, from /proc/<pid>/task/<tid>/schedstat) during the burst by the requests served. Prints per-round figures,
 * medians and the median over rounds of bare Express µs ÷ target µs (the CPU form of "× bare Express": ≥ 0.92 ≈ the
 * 0.90 × req/s goal). On a loaded machine whose load swings within seconds, `--together` loads every target at once
 * in each round (its own autocannon and connections each), so that every target's CPU time is taken under the same
 * conditions; the CPU per request does not depend on how the cores are shared between the targets.
 *
 * Catalog variants (`--variants`, comma-separated; default `bench,main`; `--variants ''` for none):
 *   bench    the `pnpm bench catalog` server child (NODE_ENV=production, stdout ignored, explicit logger)
 *   main     `node --import tsx src/main.ts` in services/catalog with the environment `pnpm start` gives it (the user's
 *            env, every <MEMBER>_URL, no NODE_ENV), stdout and stderr piped and drained as the launcher's supervisor does;
 *            modifiers, any combination: `+production` (NODE_ENV=production), `+development` (NODE_ENV=development),
 *            `+ignored-stdout` (stdout/stderr ignored), `+bare-env` (only PATH, DATABASE_URL, HR_URL, PORT, HOST)
 *            `+other-root` (run the catalog of the checkout named by `--other-root <dir>`, e.g. the commit before a change
 *            extracted with `git archive` and given this tree's node_modules: before and after in the same run)
 * `--fleet` also runs `pnpm start` (the fleet scenario's launcher, the whole fleet) and measures its catalog
 * (`--fleet-from-other-root`: the launcher of the `--other-root` checkout).
 * `--target label=url` adds a server already running on this machine (its pid is found from the listening port).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const print = (line = ''): void => void process.stdout.write(`${line}\n`);
import { startTestIdentityProvider } from '@erp/harness';
import { createTestDatabase } from '@erp/testing';
import { getText } from './bare-servers';
import { startFleet } from './scenarios/fleet.bench';
import { startServerProcess } from './server-process';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SKU = 'HP-ANC-700';
/** clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux builds in practice). */
const TICKS_PER_SECOND = 100;
const DEFAULT_VARIANTS = ['bench', 'main'];
const MODIFIERS = ['production', 'development', 'ignored-stdout', 'bare-env', 'other-root'];
/** Variables a user's shell would not set for `pnpm start` (as the fleet scenario strips them). */
const NOT_PASSED_ON = ['DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'NODE_ENV', 'TEST_DATABASE_ADMIN_URL', 'BENCH_REDIS_URL'];

interface Options {
  rounds: number;
  requests: number;
  connections: number;
  warmup: number;
  variants: string[];
  fleet: boolean;
  /** Another checkout (e.g. the commit before a change, with node_modules): `+other-root` variants run its catalog. */
  otherRoot?: string;
  fleetFromOtherRoot: boolean;
  /** Load every target at once in each round (each with its own `--connections`), so all see the same machine. */
  together: boolean;
  targets: Array<{ label: string; url: string }>;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    rounds: 7,
    requests: 10_000,
    connections: 50,
    warmup: 5_000,
    variants: DEFAULT_VARIANTS,
    fleet: false,
    fleetFromOtherRoot: false,
    together: false,
    targets: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--rounds') options.rounds = Number(value());
    else if (arg === '--requests') options.requests = Number(value());
    else if (arg === '--connections') options.connections = Number(value());
    else if (arg === '--warmup') options.warmup = Number(value());
    else if (arg === '--fleet') options.fleet = true;
    else if (arg === '--other-root') options.otherRoot = path.resolve(value());
    else if (arg === '--fleet-from-other-root') options.fleetFromOtherRoot = true;
    else if (arg === '--together') options.together = true;
    else if (arg === '--variants') {
      const list = value()
        .split(',')
        .filter((v) => v !== '');
      const known = (v: string) => {
        const [base, ...modifiers] = v.split('+');
        return v === 'bench' || (base === 'main' && modifiers.every((m) => MODIFIERS.includes(m)));
      };
      const unknown = list.filter((v) => !known(v));
      if (unknown.length) throw new Error(`unknown variant ${unknown.join(', ')} (bench, or main with +${MODIFIERS.join(', +')})`);
      options.variants = list;
    } else if (arg === '--target') {
      const [label, url] = value().split(/=(.*)/s);
      if (!label || !url) throw new Error('--target label=url');
      options.targets.push({ label, url });
    } else throw new Error(`unknown option ${arg}`);
  }
  for (const [name, n] of Object.entries({ rounds: options.rounds, requests: options.requests, connections: options.connections }))
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return options;
}

/**
 * CPU time of every thread of `pid`, in seconds: the scheduler's runtime of each task (/proc/<pid>/task/<tid>/schedstat,
 * ns, without steal time when the kernel accounts it), else utime + stime from /proc/<pid>/stat (10 ms ticks).
 */
export function cpuSecondsOf(pid: number): number {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // the thread ended meanwhile
      }
    }
    if (ns > 0) return ns / 1e9;
  } catch {
    // no schedstat: fall back to ticks
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The pid of the process listening on 127.0.0.1:`port` (from /proc/net/tcp and the processes' socket fds). */
export function pidListeningOn(port: number): number {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // LISTEN
      if (Number.parseInt(cols[1]?.split(':')[1] ?? '', 16) === port && cols[9]) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) throw new Error(`nothing listens on port ${port}`);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match?.[1] && inodes.has(match[1])) return Number(entry);
      } catch {
        // gone meanwhile
      }
    }
  }
  throw new Error(`no process found for port ${port}`);
}

/** `pid` and every process below it (children, their children, …). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  const pending = [pid];
  while (pending.length) {
    const next = pending.pop() as number;
    tree.push(next);
    pending.push(...(children.get(next) ?? []));
  }
  return tree;
}

/** CPU seconds of `pids` together (processes that ended meanwhile count 0). */
function cpuSecondsOfAll(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += cpuSecondsOf(pid);
    } catch {
      // ended
    }
  }
  return total;
}

/** One autocannon burst of exactly `amount` requests; returns the 2xx count and everything else. */
function burst(url: string, amount: number, connections: number): Promise<{ ok: number; other: number }> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, amount, timeout: 10 }, (error, result) =>
      error ? reject(error) : resolve({ ok: result['2xx'], other: result.non2xx + result.errors + result.timeouts }),
    );
  });
}

interface Target {
  label: string;
  url: string;
  pid: number;
}

/** The launcher's environment for catalog (see tools/launcher/src/fleet.ts: fleetEnv and the member's own). */
function launcherEnv(databaseUrl: string, hrUrl: string, port: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_PASSED_ON.includes(name)));
  // where the other members would run (nothing answers there; catalog calls none of them, but gets their URLs)
  const members = [...readdirSync(path.join(REPO_ROOT, 'services')), 'observer', 'watchdog'];
  members.forEach((name, i) => (env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${8100 + i}`));
  return { ...env, HR_URL: hrUrl, PORT: port, HOST: '127.0.0.1', DATABASE_URL: databaseUrl };
}

/** `node --import tsx src/main.ts` in services/catalog, as the launcher's supervisor spawns it. */
async function startMain(
  env: NodeJS.ProcessEnv,
  stdout: 'pipe' | 'ignore',
  logFile: string,
  root = REPO_ROOT,
): Promise<{ child: ChildProcess; url: string }> {
  const catalogDir = path.join(root, 'services/catalog');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(catalogDir, 'src/main.ts')], {
    cwd: catalogDir,
    env: { ...env, PORT: '0' },
    stdio: ['ignore', stdout, stdout],
  });
  const log = createWriteStream(logFile);
  if (stdout === 'pipe') {
    child.stdout?.on('data', (chunk: Buffer) => log.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
  }
  const pid = child.pid;
  if (!pid) throw new Error('catalog did not start');
  // with stdout ignored there is no "listening" line to read: find the port the process listens on
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`catalog exited with ${child.exitCode} (log: ${logFile})`);
    try {
      const port = listeningPortOf(pid);
      const url = `http://127.0.0.1:${port}`;
      const ready = await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return { child, url };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`catalog not ready in 90 s (log: ${logFile})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The TCP port `pid` listens on (the first one). */
function listeningPortOf(pid: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && cols[9] && inodes.has(cols[9])) return Number.parseInt(cols[1]?.split(':')[1] ?? '', 16);
    }
  }
  throw new Error(`pid ${pid} listens on nothing yet`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const cleanups: Array<() => Promise<unknown>> = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    const logDir = await mkdtemp(path.join(tmpdir(), 'cpu-per-request-'));
    cleanups.push(() => rm(logDir, { recursive: true, force: true }));
    const targets: Target[] = [];
    let fleetOthers: (() => number[]) | undefined;
    let productPath: string | undefined;
    let body: string | undefined;
    const needsCatalog = options.variants.length > 0;
    if (needsCatalog) {
      const database = await createTestDatabase('cpu_per_request');
      cleanups.push(() => database.drop());
      const idp = await startTestIdentityProvider();
      cleanups.push(() => idp.stop());
      for (const variant of options.variants) {
        let url: string;
        let pid: number;
        if (variant === 'bench') {
          const server = await startServerProcess('catalog', 'catalog', {
            databaseUrl: database.url,
            redisUrl: null,
            cachePrefix: '',
            hrUrl: idp.url,
          });
          cleanups.push(() => server.stop());
          ({ url, pid } = server);
        } else {
          const modifiers = variant.split('+').slice(1);
          const env = modifiers.includes('bare-env')
            ? { PATH: process.env.PATH, DATABASE_URL: database.url, HR_URL: idp.url, HOST: '127.0.0.1' }
            : launcherEnv(database.url, idp.url, '0');
          if (modifiers.includes('production')) env.NODE_ENV = 'production';
          if (modifiers.includes('development')) env.NODE_ENV = 'development';
          const stdout = modifiers.includes('ignored-stdout') ? 'ignore' : 'pipe';
          if (modifiers.includes('other-root') && !options.otherRoot) throw new Error(`${variant}: name the checkout with --other-root`);
          const root = modifiers.includes('other-root') ? options.otherRoot : undefined;
          const started = await startMain(env, stdout, path.join(logDir, `${variant}.log`), root);
          const exited = new Promise((resolve) => started.child.once('exit', resolve));
          cleanups.push(async () => {
            started.child.kill('SIGTERM');
            await exited;
          });
          url = started.url;
          pid = started.child.pid as number;
        }
        if (!productPath) {
          const product = JSON.parse(await getText(`${url}/api/v1/products/by-sku/${SKU}`)) as { id: string };
          productPath = `/api/v1/products/${product.id}`;
          body = await getText(url + productPath);
        }
        targets.push({ label: `catalog ${variant}`, url: url + productPath, pid });
      }
    }
    if (options.fleet) {
      const fleet = await startFleet(
        (line) => print(line),
        options.otherRoot && options.fleetFromOtherRoot ? options.otherRoot : undefined,
      );
      cleanups.push(() => fleet.stop());
      const product = JSON.parse(await getText(`${fleet.catalogUrl}/api/v1/products/by-sku/${SKU}`)) as { id: string };
      const fleetPath = `/api/v1/products/${product.id}`;
      body ??= await getText(fleet.catalogUrl + fleetPath);
      const catalogPid = pidListeningOn(Number(new URL(fleet.catalogUrl).port));
      targets.push({ label: 'catalog under pnpm start', url: fleet.catalogUrl + fleetPath, pid: catalogPid });
      // the rest of the fleet: everything the launcher (catalog's parent) runs, embedded PostgreSQL included
      const supervisorPid = Number(readFileSync(`/proc/${catalogPid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      fleetOthers = () => processTree(supervisorPid).filter((pid) => pid !== catalogPid);
    }
    for (const target of options.targets) {
      body ??= await getText(target.url);
      targets.push({ ...target, pid: pidListeningOn(Number(new URL(target.url).port)) });
    }
    if (body === undefined) throw new Error('nothing to measure: name --variants, --fleet or --target');
    const bare = await startServerProcess('catalog', 'bare-express', { body });
    cleanups.push(() => bare.stop());
    targets.unshift({
      label: 'bare Express 5',
      url: bare.url + (productPath ?? new URL(targets[0]?.url ?? bare.url).pathname),
      pid: bare.pid,
    });

    const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    print(`load average at start: ${load()}; ${options.rounds} rounds × ${options.requests} requests, ${options.connections} connections`);
    for (const target of targets) {
      const warm = await burst(target.url, options.warmup, options.connections);
      if (warm.other > 0 || warm.ok !== options.warmup) throw new Error(`${target.label}: ${warm.other} non-2xx/errors while warming up`);
    }
    const perRound = new Map<Target, number[]>(targets.map((t) => [t, []]));
    const othersPerRound = new Map<Target, number[]>(targets.map((t) => [t, []]));
    const sharePerRound = new Map<Target, number[]>(targets.map((t) => [t, []]));
    for (let round = 1; round <= options.rounds; round++) {
      const line: string[] = [];
      /** One burst against `target` with its server's CPU time (and the rest of the fleet's) around it. */
      const measureOne = async (target: Target) => {
        const others = fleetOthers?.();
        const othersBefore = others ? cpuSecondsOfAll(others) : 0;
        const startedAt = performance.now();
        const before = cpuSecondsOf(target.pid);
        const result = await burst(target.url, options.requests, options.connections);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const cpu = cpuSecondsOf(target.pid) - before;
        sharePerRound.get(target)?.push(cpu / ((performance.now() - startedAt) / 1000));
        // the rest of the fleet's CPU, as a share of one core over the burst
        if (others) othersPerRound.get(target)?.push((cpuSecondsOfAll(others) - othersBefore) / ((performance.now() - startedAt) / 1000));
        if (result.other > 0) throw new Error(`${target.label}: ${result.other} non-2xx/errors in round ${round}`);
        const us = (cpu * 1e6) / result.ok;
        perRound.get(target)?.push(us);
        return `${target.label} ${us.toFixed(1)}`;
      };
      if (options.together) line.push(...(await Promise.all(targets.map(measureOne))));
      else {
        for (const target of targets) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          line.push(await measureOne(target));
        }
      }
      print(`round ${round} (load ${load()}): ${line.join(' · ')} µs/request`);
    }
    const bareRounds = perRound.get(targets[0] as Target) as number[];
    print(
      `\n${'target'.padEnd(40)} ${'µs/request'.padStart(10)} ${'(min–max)'.padStart(13)}  ${'bare ÷ target'.padStart(13)} ${'(middle half)'.padStart(13)}`,
    );
    for (const target of targets) {
      const rounds = perRound.get(target) as number[];
      // a round's ratio compares two bursts a few seconds apart, so a load that drifts moves both: the median of the
      // rounds' ratios is steadier than the ratio of the medians
      const ratios = rounds.map((us, i) => (bareRounds[i] as number) / us).sort((a, b) => a - b);
      const quarter = Math.floor(ratios.length / 4);
      print(
        `${target.label.padEnd(40)} ${median(rounds).toFixed(1).padStart(10)} ${`${Math.min(...rounds).toFixed(0)}–${Math.max(...rounds).toFixed(0)}`.padStart(13)}  ${median(ratios).toFixed(3).padStart(13)} ${`${(ratios[quarter] as number).toFixed(2)}–${(ratios[ratios.length - 1 - quarter] as number).toFixed(2)}`.padStart(13)}`,
      );
    }
    print("\nthe server's CPU during its bursts, median % of one core (what it got from the machine; req/s follows it):");
    for (const target of targets)
      print(`  ${target.label.padEnd(40)} ${(median(sharePerRound.get(target) as number[]) * 100).toFixed(1)} %`);
    if (fleetOthers) {
      print("\nthe rest of the fleet (every other process pnpm start runs) during each target's bursts, median % of one core:");
      for (const target of targets)
        print(`  ${target.label.padEnd(40)} ${(median(othersPerRound.get(target) as number[]) * 100).toFixed(1)} %`);
    }
    print(`load average at end: ${load()}`);
  } finally {
    await cleanup();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
