/**
 * `node --import tsx tools/bench/src/compare.ts <head-results-dir> <base-results-dir>`
 * Prints (Markdown) the head run's figures next to the base branch's, measured on the same machine in the same job,
 * with head ÷ base for throughput and latency. Informational: the gate is `pnpm bench`'s own exit status.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GoalResult, Measurement } from './scenario';

/** The parts of a `bench-results/<scenario>.json` this reads. */
export interface SavedReport {
  scenario: string;
  measurements: Measurement[];
  goals: GoalResult[];
}

/** Every `<scenario>.json` in `dir` (none when the directory does not exist: the base may predate a scenario). */
export async function readReports(dir: string): Promise<SavedReport[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = names.filter((name) => name.endsWith('.json')).sort();
  return Promise.all(files.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as SavedReport));
}

const ratio = (head: number, base: number | undefined) => (base ? (head / base).toFixed(2) : 'n/a');

/** The comparison as Markdown: one table of measurements, one of goals. */
export function compareReports(head: SavedReport[], base: SavedReport[]): string {
  const baseOf = (scenario: string) => base.find((report) => report.scenario === scenario);
  const lines = [
    '### pnpm bench: this branch vs the base branch (same runner, same job)',
    '',
    '| scenario | target | req/s | base req/s | × base | p99 ms | base p99 ms | × base |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const report of head) {
    for (const m of report.measurements) {
      const b = baseOf(report.scenario)?.measurements.find((other) => other.label === m.label);
      lines.push(`| ${report.scenario} | ${m.label} | ${m.requestsPerSec} | ${b?.requestsPerSec ?? 'n/a'} | ${ratio(m.requestsPerSec, b?.requestsPerSec)} | ${m.p99Ms} | ${b?.p99Ms ?? 'n/a'} | ${ratio(m.p99Ms, b?.p99Ms)} |`);
    }
  }
  lines.push('', '| scenario | goal | expected | this branch | base branch |', '|---|---|---|---|---|');
  for (const report of head) {
    for (const goal of report.goals) {
      const b = baseOf(report.scenario)?.goals.find((other) => other.name === goal.name);
      lines.push(`| ${report.scenario} | ${goal.name} | ${goal.expected} | ${goal.pass ? 'PASS' : '**FAIL**'} ${goal.actual} | ${b ? `${b.pass ? 'PASS' : 'FAIL'} ${b.actual}` : 'n/a'} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const [headDir, baseDir] = process.argv.slice(2);
  if (!headDir || !baseDir) {
    process.stderr.write('usage: compare.ts <head-results-dir> <base-results-dir>\n');
    process.exit(2);
  }
  Promise.all([readReports(headDir), readReports(baseDir)]).then(
    ([head, base]) => process.stdout.write(compareReports(head, base)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
