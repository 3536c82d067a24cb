import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { K6_DIR } from './support/k6-node';

const REPO = path.join(__dirname, '..', '..', '..');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
  'working-directory'?: string;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; services?: Record<string, { image: string }>; steps: Step[] }>;
}

const workflow = parse(readFileSync(path.join(REPO, '.github/workflows/perf.yml'), 'utf8')) as Workflow;
const job = workflow.jobs.perf!;
const steps = job.steps;
const indexOf = (predicate: (step: Step) => boolean, what: string): number => {
  const index = steps.findIndex(predicate);
  if (index < 0) throw new Error(`perf.yml has no step that ${what}`);
  return index;
};
const runs = (text: string | RegExp) => (step: Step) =>
  (typeof text === 'string' ? step.run?.includes(text) : text.test(step.run ?? '')) ?? false;
const uses = (action: string) => (step: Step) => step.uses?.startsWith(`${action}@`) ?? false;

/** Every fleet member `pnpm start` runs, with the port it listens on (the `erp` block of its package.json). */
function fleetPorts(): Record<string, number> {
  const dirs = [...readdirSync(path.join(REPO, 'services')).map((name) => path.join('services', name)), 'observer', 'watchdog'];
  const ports: Record<string, number> = {};
  for (const dir of dirs) {
    const file = path.join(REPO, dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; erp?: { port?: number } };
    if (pkg.erp?.port) ports[pkg.name.replace(/^@erp\//, '')] = pkg.erp.port;
  }
  return ports;
}

describe('.github/workflows/perf.yml', () => {
  test('when a pull request is opened, then the perf job runs with Postgres and Redis service containers and their URLs set', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(job.services?.postgres?.image).toMatch(/^postgres:/);
    expect(job.services?.redis?.image).toMatch(/^redis:/);
    expect(workflow.env?.DATABASE_URL).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:5432\//);
    expect(workflow.env?.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  test('when the job sets up, then it checks out, uses Node 20 and pnpm 12.4.2, and installs from the lockfile', () => {
    expect(indexOf(uses('actions/checkout'), 'checks out')).toBe(0);
    expect(steps.find(uses('actions/setup-node'))?.with).toEqual({ 'node-version': 20 });
    expect(indexOf(runs('npm i -g pnpm@12.4.2'), 'installs pnpm 12.4.2')).toBeLessThan(
      indexOf(runs('pnpm install --frozen-lockfile'), 'installs'),
    );
  });

  test('when k6 runs, then the fleet was started and waited for on the ports of every fleet member', () => {
    const start = indexOf(runs(/pnpm start .*&/), 'starts the fleet in the background');
    const wait = indexOf(runs('/health/ready'), 'waits for readiness');
    const k6 = indexOf(uses('grafana/run-k6-action'), 'runs k6');
    expect(start).toBeLessThan(wait);
    expect(wait).toBeLessThan(k6);
    expect(indexOf(uses('grafana/setup-k6-action'), 'installs k6')).toBeLessThan(k6);
    const waitedPorts = /for port in ([\d ]+);/.exec(steps[wait]!.run!)?.[1]?.split(' ').map(Number).sort();
    expect(waitedPorts).toEqual(Object.values(fleetPorts()).sort());
  });

  test("when k6 runs, then it logs in as a demo user whose password is read from the fleet's .erp/secrets.json, masked in the log", () => {
    expect(workflow.env?.ERP_EMAIL).toMatch(/^(admin|manager|employee)@erp\.example$/);
    const wait = indexOf(runs('/health/ready'), 'waits for readiness');
    const login = indexOf(runs('ERP_PASSWORD='), 'sets ERP_PASSWORD');
    const k6 = indexOf(uses('grafana/run-k6-action'), 'runs k6');
    expect(wait).toBeLessThan(login);
    expect(login).toBeLessThan(k6);
    const script = steps[login]!.run!;
    expect(script).toMatch(/require\('\.\/\.erp\/secrets\.json'\)\.demoPassword/);
    expect(script).toMatch(/::add-mask::\$password/);
    expect(script).toMatch(/>> "\$GITHUB_ENV"/);
    expect(script.indexOf('::add-mask::')).toBeLessThan(script.indexOf('GITHUB_ENV'));
  });

  test('when the k6 step names its scripts, then the glob matches exactly the k6 scripts that exist, and none is allowed to fail', () => {
    const step = steps.find(uses('grafana/run-k6-action'))!;
    const patterns = String(step.with?.path)
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    const matched = patterns.flatMap((pattern) => {
      const dir = path.join(REPO, path.dirname(pattern));
      const glob = new RegExp(`^${path.basename(pattern).replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`);
      return existsSync(dir)
        ? readdirSync(dir)
            .filter((name) => glob.test(name))
            .map((name) => path.join(dir, name))
        : [];
    });
    const scripts = readdirSync(K6_DIR)
      .filter((name) => name.endsWith('.js'))
      .map((name) => path.join(K6_DIR, name));
    expect(scripts.length).toBeGreaterThan(0);
    expect(matched.sort()).toEqual(scripts.sort());
    expect(step['continue-on-error']).toBeUndefined();
  });

  test('when the bench step runs, then base and head alternate scenario by scenario, BENCH_PAIRS times, after the fleet stopped', () => {
    const bench = indexOf((step) => step.id === 'bench', 'benches base and head');
    expect(indexOf(runs('kill -TERM'), 'stops the fleet')).toBeLessThan(bench);
    expect(
      indexOf(
        (step) =>
          step.id === 'base-install' &&
          step['working-directory'] === 'base-branch' &&
          (step.run?.includes('pnpm install --frozen-lockfile') ?? false),
        'installs the base branch',
      ),
    ).toBeLessThan(bench);
    const checkoutBase = steps.find((step) => step.uses?.startsWith('actions/checkout@') && step.with?.ref !== undefined);
    expect(checkoutBase?.with).toEqual({ ref: '${{ github.event.pull_request.base.sha }}', path: 'base-branch' });
    const scenarios = workflow.env?.BENCH_SCENARIOS?.split(' ') ?? [];
    expect(scenarios.length).toBeGreaterThan(0);
    for (const scenario of scenarios) expect(existsSync(path.join(__dirname, '..', 'src', 'scenarios', `${scenario}.bench.ts`))).toBe(true);
    expect(Number(workflow.env?.BENCH_PAIRS)).toBeGreaterThanOrEqual(2);

    // run the step's own script with a stand-in pnpm that records where and how it was called
    const dir = mkdtempSync(path.join(tmpdir(), 'perf-bench-step-'));
    try {
      mkdirSync(path.join(dir, 'bin'));
      mkdirSync(path.join(dir, 'base-branch'));
      const calls = path.join(dir, 'calls.txt');
      writeFileSync(
        path.join(dir, 'bin', 'pnpm'),
        `#!/bin/sh\necho "$(basename "$PWD") $*" >> ${calls}\n[ "$2" = broken ] && exit 1\nexit 0\n`,
        { mode: 0o755 },
      );
      execFileSync('bash', ['-eo', 'pipefail', '-c', steps[bench]!.run!], {
        cwd: dir,
        env: {
          PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
          GITHUB_WORKSPACE: dir,
          BENCH_PAIRS: '2',
          BENCH_SCENARIOS: 'catalog broken',
        },
        stdio: 'pipe',
      });
      const name = path.basename(dir);
      expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual(
        [1, 2].flatMap((pair) =>
          ['catalog', 'broken'].flatMap((scenario) => [
            `base-branch bench ${scenario} --out ${dir}/bench-results/base/${pair}`,
            `${name} bench ${scenario} --out ${dir}/bench-results/head/${pair}`,
          ]),
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('when base and head are benched, then the gate compares them, its failure fails the job, and its table goes to the job summary', () => {
    const gate = indexOf((step) => step.id === 'gate', 'is the gate');
    expect(indexOf((step) => step.id === 'bench', 'benches')).toBeLessThan(gate);
    expect(steps[gate]!.run).toBe(
      'node --import tsx tools/bench/src/compare.ts --head bench-results/head --base bench-results/base --scenarios "$BENCH_SCENARIOS" | tee -a "$GITHUB_STEP_SUMMARY"',
    );
    expect(steps[gate]!['continue-on-error']).toBeUndefined();
    expect(steps.every((step) => step['continue-on-error'] === undefined)).toBe(true);
    expect(existsSync(path.join(__dirname, '..', 'src', 'compare.ts'))).toBe(true);
  });

  test('when the runs are done, then the HTML report is written from their history and uploaded with bench-results/', () => {
    const report = indexOf(runs('pnpm bench report'), 'writes the HTML report');
    const bench = steps.find((step) => step.id === 'bench')!;
    expect(steps[report]!.env).toEqual(bench.env);
    expect(steps[report]!.run).toMatch(/--report bench-results\/report\.html/);
    const upload = indexOf(uses('actions/upload-artifact'), 'uploads the results');
    expect(report).toBeLessThan(upload);
    expect(String(steps[upload]!.with?.path)).toMatch(/^bench-results\/$/m);
    expect(steps[upload]!.if).toBe('always()');
  });

  test('when actions are used, then each is pinned to a major version', () => {
    for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });
});
