/**
 * The history of `pnpm bench`: one JSON file per run, `<history dir>/<UTC start time>-<short commit>.json`, holding the
 * commit, branch, time, machine, Node version and every scenario's full result (the shape of `<scenario>.json`).
 * A file per run (rather than one JSONL file): a run is written whole or not at all, a saved run is a file one can pass
 * to `--baseline` or attach to an issue, old runs are pruned with `rm`, and the names sort in time order.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SavedReport } from './figures';
import type { RunOptions, ScenarioReport } from './scenario';

export const RUN_FORMAT = 'erp-bench-run/1';
const REPO = path.join(__dirname, '..', '..', '..');

export interface MachineInfo {
  hostname: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  platform: string;
  /** 1-, 5- and 15-minute load averages when the run started and when it ended. */
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

export interface GitInfo {
  commit: string | null;
  branch: string | null;
  /** Tracked files changed since the commit: the run measured code that no commit holds. */
  dirty: boolean | null;
}

/** One `pnpm bench` run, as kept in the history. */
export interface RunRecord extends GitInfo {
  format: typeof RUN_FORMAT;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  node: string;
  options: RunOptions;
  /** The scenarios asked for. */
  requested: string[];
  /** Every scenario that ran to the end, with every figure. */
  scenarios: ScenarioReport[];
  notRun: Array<{ scenario: string; reason: string }>;
  failed: Array<{ scenario: string; error: string }>;
  exitCode: number;
}

const loads = () => os.loadavg().map((value) => Math.round(value * 100) / 100);

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: loads(),
  };
}

export function endLoadAverage(machine: MachineInfo): MachineInfo {
  return { ...machine, loadAverageAtEnd: loads() };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

/** The checkout's commit, branch (CI's pull-request branch name when detached) and whether tracked files changed. */
export function gitInfo(): GitInfo {
  const commit = git(['rev-parse', 'HEAD']);
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD']);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no']);
  return {
    commit,
    branch: branch === 'HEAD' ? process.env.GITHUB_HEAD_REF || process.env.GITHUB_REF_NAME || 'HEAD' : branch,
    dirty: status === null ? null : status !== '',
  };
}

/** The file name a run is kept under: its UTC start time (sortable) and short commit. */
export function runFileName(record: Pick<RunRecord, 'startedAt' | 'commit'>): string {
  return `${record.startedAt.replace(/[:.]/g, '-')}-${record.commit?.slice(0, 7) ?? 'nogit'}.json`;
}

/** Writes the run into `dir` (created, with a `.gitignore` of `*` when it is new); resolves to the file. */
export async function writeRun(record: RunRecord, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore)) await writeFile(ignore, '*\n');
  const name = runFileName(record);
  let file = path.join(dir, name);
  // two runs started in the same millisecond (tests) must not overwrite each other
  for (let n = 2; existsSync(file); n += 1) file = path.join(dir, name.replace(/\.json$/, `-${n}.json`));
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** A kept run and the file it came from. */
export interface KeptRun {
  file: string;
  record: RunRecord;
}

/** Reads a run file; throws naming the file when it is not one. */
export function readRunFile(file: string): RunRecord {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunRecord>;
  if (parsed.format !== RUN_FORMAT || !Array.isArray(parsed.scenarios))
    throw new Error(`${file} is not a pnpm bench run (format ${RUN_FORMAT})`);
  return parsed as RunRecord;
}

/** Every run kept in `dir`, oldest first (none when the directory does not exist). Unreadable files are skipped. */
export function readHistory(dir: string): KeptRun[] {
  if (!existsSync(dir)) return [];
  const runs: KeptRun[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    try {
      runs.push({ file: path.join(dir, name), record: readRunFile(path.join(dir, name)) });
    } catch {
      // not a run record (a file someone put there): not part of the history
    }
  }
  return runs.sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt));
}

/** A run to compare with, for each scenario: the kept run's result, or none. */
export interface Baseline {
  /** e.g. `baseline v1.2 = 1a2b3c4 (main), run 2026-12-02 10:41 on …`. */
  describe(scenario: string): string;
  reportFor(scenario: string): SavedReport | undefined;
}

/** Short text naming a kept run: time, commit, branch, machine and load. */
export function describeRun(record: RunRecord): string {
  const when = record.startedAt.slice(0, 16).replace('T', ' ');
  const commit = record.commit ? `${record.commit.slice(0, 7)}${record.dirty ? '+changes' : ''}` : 'no commit';
  const load = record.machine.loadAverageAtStart[0];
  return `${when} UTC, ${commit}${record.branch ? ` (${record.branch})` : ''}, ${record.machine.cores} × ${record.machine.cpuModel}, load ${load}`;
}

/** The latest kept run (before `before`, when given) that has a result for `scenario`. */
export function latestWith(runs: KeptRun[], scenario: string): KeptRun | undefined {
  return [...runs].reverse().find((run) => run.record.scenarios.some((s) => s.scenario === scenario));
}

/**
 * `--baseline <commit|tag|branch|file|dir>`: a run file (or a directory of `<scenario>.json` results) when the path
 * exists, else a git revision whose latest kept run (per scenario) is the baseline. Throws when there is none.
 */
export function resolveBaseline(spec: string, history: KeptRun[]): Baseline {
  if (existsSync(spec)) {
    if (statSync(spec).isFile()) {
      const record = readRunFile(spec);
      return {
        describe: () => `baseline ${spec}: ${describeRun(record)}`,
        reportFor: (scenario) => record.scenarios.find((s) => s.scenario === scenario),
      };
    }
    const reports = readdirSync(spec)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(path.join(spec, name), 'utf8')) as SavedReport);
    if (reports.length === 0) throw new Error(`--baseline ${spec}: the directory holds no <scenario>.json`);
    return { describe: () => `baseline ${spec}`, reportFor: (scenario) => reports.find((r) => r.scenario === scenario) };
  }
  const commit = git(['rev-parse', '--verify', '--quiet', `${spec}^{commit}`]);
  if (!commit) throw new Error(`--baseline ${spec}: neither a file nor a commit, tag or branch of this repository`);
  const ofCommit = history.filter((run) => run.record.commit === commit);
  if (ofCommit.length === 0) {
    throw new Error(
      `--baseline ${spec}: no kept run of ${commit.slice(0, 7)}; run pnpm bench on that commit first (git checkout ${spec}), or pass a saved run file`,
    );
  }
  return {
    describe: (scenario) => {
      const run = latestWith(ofCommit, scenario);
      return `baseline ${spec}${spec.startsWith(commit.slice(0, 7)) ? '' : ` = ${commit.slice(0, 7)}`}${run ? `: ${describeRun(run.record)}` : ''}`;
    },
    reportFor: (scenario) => latestWith(ofCommit, scenario)?.record.scenarios.find((s) => s.scenario === scenario),
  };
}
