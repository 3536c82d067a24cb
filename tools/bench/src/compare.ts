/**
 * Figure-by-figure comparison of bench results: `pnpm bench`'s "against the previous run / the baseline" lines, and the
 * CI gate (`node --import tsx tools/bench/src/compare.ts --head <dir> --base <dir> [--scenarios "a b"]`), which compares
 * the head branch's runs with the base branch's measured interleaved in the same job, prints a Markdown table and
 * exits 1 when the gate fails.
 *
 * Noise: a figure measured in several rounds has one sample per round; its noise band is the samples' min–max range.
 * A change is "beyond noise" when the two runs' bands do not overlap (with one sample on a side, the noise is unknown).
 *
 * The gate's rule, per gated figure (every goal's value; every target's req/s relative to its scenario's control measured
 * in the same round): pool the samples of every run on each side (one per round), take each side's median. The figure
 * fails when head's median is worse than base's by more than 10 % AND the change is beyond the measured noise: head's
 * best sample is worse than base's worst (the two sides' sample ranges do not overlap, the same test as the "better" /
 * "worse" verdict of pnpm bench). On a quiet runner the 10 % decides; on a noisy one the spread does, and the table
 * shows it. With one sample on a side the noise is unknown and 10 % alone decides. The gate also fails when a head run
 * failed a goal (the same-run goals of thresholds.json) or lacks a scenario it was asked for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { figuresOf, median, type Better, type Figure, type SavedReport } from './figures';

export type { SavedReport } from './figures';

/** The smallest tolerance of the gate, percent: a regression smaller than this never fails it, however quiet the runner. */
export const MIN_TOLERANCE_PERCENT = 10;

/** Every `<scenario>.json` in `dir` (none when the directory does not exist: the base may predate a scenario). */
export async function readReports(dir: string): Promise<SavedReport[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = names.filter((name) => name.endsWith('.json')).sort();
  return Promise.all(files.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as SavedReport));
}

/** Half the samples' range as a percentage of their median: the "± noise" printed next to a figure (undefined with one sample). */
export function noisePercent(samples: readonly number[]): number | undefined {
  if (samples.length < 2) return undefined;
  const mid = median(samples);
  if (!mid) return undefined;
  return ((Math.max(...samples) - Math.min(...samples)) / 2 / Math.abs(mid)) * 100;
}

/** `now` against `then`, in percent of `then` (positive: the number grew). */
export function changePercent(now: number, then: number): number {
  return then === 0 ? (now === 0 ? 0 : Infinity) : ((now - then) / Math.abs(then)) * 100;
}

export type Verdict = 'better' | 'worse' | 'within noise' | 'noise unknown' | 'same';

/** Whether `current` moved beyond the noise of both runs (their round bands do not overlap), and which way. */
export function verdictOf(current: Pick<Figure, 'value' | 'samples' | 'better'>, reference: Pick<Figure, 'value' | 'samples'>): Verdict {
  if (current.value === reference.value) return 'same';
  if (current.samples.length < 2 || reference.samples.length < 2) return 'noise unknown';
  const overlap =
    Math.max(...current.samples) >= Math.min(...reference.samples) && Math.max(...reference.samples) >= Math.min(...current.samples);
  if (overlap) return 'within noise';
  const grew = current.value > reference.value;
  return grew === (current.better === 'higher') ? 'better' : 'worse';
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const show = (value: number) => numberFormat.format(value);
const signed = (percent: number) => (Number.isFinite(percent) ? `${percent >= 0 ? '+' : ''}${percent.toFixed(1)} %` : 'n/a');
const plusMinus = (samples: readonly number[]) => {
  const noise = noisePercent(samples);
  return noise === undefined ? '' : ` ±${noise.toFixed(1)} %`;
};

/** A run to compare with: a title for the header and its result for the scenario (undefined: that run lacks it). */
export interface Reference {
  title: string;
  report: SavedReport | undefined;
}

function padTable(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The lines `pnpm bench` prints under a scenario's table: each figure now (± its rounds' noise), and against each
 * reference its value, the change in percent and whether that is beyond the noise of both runs.
 */
export function formatComparison(current: SavedReport, references: Reference[]): string {
  const lines: string[] = [];
  const present: Array<{ n: number; figures: Figure[] }> = [];
  for (const ref of references) {
    if (!ref.report) {
      lines.push(`  ${ref.title}: no result for this scenario`);
      continue;
    }
    present.push({ n: present.length + 1, figures: figuresOf(ref.report) });
    lines.push(`  [${present.length}] ${ref.title}`);
  }
  if (present.length === 0) return `${lines.join('\n')}\n`;
  const rows = [['  figure', 'now', ...present.flatMap(({ n }) => [`[${n}]`, 'change', 'verdict'])]];
  for (const figure of figuresOf(current)) {
    const row = [`  ${figure.name}`, `${show(figure.value)}${plusMinus(figure.samples)}`];
    for (const { figures } of present) {
      const then = figures.find((other) => other.name === figure.name);
      if (!then) row.push('—', '', 'new');
      else
        row.push(`${show(then.value)}${plusMinus(then.samples)}`, signed(changePercent(figure.value, then.value)), verdictOf(figure, then));
    }
    rows.push(row);
  }
  lines.push(...padTable(rows));
  lines.push("  ± = half the range of the rounds around the median; better/worse only when the two runs' round ranges do not overlap");
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------------
// The CI gate

/** One run: its per-scenario results. */
export type Run = SavedReport[];

export interface GateRow {
  scenario: string;
  figure: string;
  unit: string;
  better: Better;
  gated: boolean;
  base?: number;
  head?: number;
  /** Each side's samples' min and max. */
  baseRange?: [number, number];
  headRange?: [number, number];
  baseSamples: number;
  headSamples: number;
  /** How much worse head's median is than base's, percent (negative: better). */
  worsePercent?: number;
  /** Whether the sample ranges are apart (undefined: a side has one sample, the noise is unknown). */
  beyondNoise?: boolean;
  status: 'pass' | 'FAIL' | 'info' | 'new' | 'gone';
}

export interface GateResult {
  pass: boolean;
  rows: GateRow[];
  /** Why the gate failed, one line each, naming the figure or goal. */
  failures: string[];
  /** Things a reviewer should know that do not fail the gate. */
  warnings: string[];
}

/** Every figure of `runs` for `scenario`, by name, with the samples of all runs pooled. */
function pooled(runs: Run[], scenario: string): Map<string, Figure> {
  const byName = new Map<string, Figure>();
  for (const run of runs) {
    const report = run.find((r) => r.scenario === scenario);
    if (!report) continue;
    for (const figure of figuresOf(report)) {
      const seen = byName.get(figure.name);
      byName.set(
        figure.name,
        seen ? { ...seen, samples: [...seen.samples, ...figure.samples] } : { ...figure, samples: [...figure.samples] },
      );
    }
  }
  for (const figure of byName.values()) figure.value = median(figure.samples);
  return byName;
}

const rangeOf = (samples: readonly number[]): [number, number] => [Math.min(...samples), Math.max(...samples)];

/** Compares head's runs with base's, figure by figure (see the rule at the top of this file). */
export function runGate(head: Run[], base: Run[], options: { scenarios?: string[]; minTolerancePercent?: number } = {}): GateResult {
  const minTolerance = options.minTolerancePercent ?? MIN_TOLERANCE_PERCENT;
  const scenarios = options.scenarios ?? [...new Set(head.flatMap((run) => run.map((r) => r.scenario)))];
  const rows: GateRow[] = [];
  const failures: string[] = [];
  const warnings: string[] = [];
  if (head.length === 0) failures.push('no head run to compare');
  for (const scenario of scenarios) {
    head.forEach((run, i) => {
      const report = run.find((r) => r.scenario === scenario);
      if (!report)
        failures.push(`${scenario}: head run ${i + 1} of ${head.length} has no result (it broke or could not run; see the bench output)`);
      for (const goal of report?.goals ?? []) {
        if (!goal.pass)
          failures.push(
            `${scenario}: goal "${goal.name}" failed in head run ${i + 1} of ${head.length}: expected ${goal.expected}, measured ${goal.actual}`,
          );
      }
    });
    const headFigures = pooled(head, scenario);
    const baseFigures = pooled(base, scenario);
    if (baseFigures.size === 0 && headFigures.size > 0)
      warnings.push(`${scenario}: the base branch has no result for it (new scenario, or it failed there): not compared`);
    for (const figure of headFigures.values()) {
      const then = baseFigures.get(figure.name);
      const row: GateRow = {
        scenario,
        figure: figure.name,
        unit: figure.unit,
        better: figure.better,
        gated: figure.gated,
        head: figure.value,
        headSamples: figure.samples.length,
        baseSamples: then?.samples.length ?? 0,
        status: figure.gated ? 'pass' : 'info',
      };
      if (!then) {
        row.status = 'new';
      } else {
        row.base = then.value;
        row.baseRange = rangeOf(then.samples);
        row.headRange = rangeOf(figure.samples);
        const change = changePercent(figure.value, then.value);
        row.worsePercent = figure.better === 'higher' ? -change : change;
        if (figure.samples.length > 1 && then.samples.length > 1) {
          row.beyondNoise = figure.better === 'higher' ? row.headRange[1] < row.baseRange[0] : row.headRange[0] > row.baseRange[1];
        }
        if (figure.gated && row.worsePercent > minTolerance && row.beyondNoise !== false) {
          row.status = 'FAIL';
          const unit = figure.unit && figure.unit !== '/s' ? ` ${figure.unit}` : '';
          failures.push(
            `${scenario}: ${figure.name} is ${row.worsePercent.toFixed(1)} % worse than base (median ${show(then.value)} → ${show(figure.value)}${unit}), ` +
              (row.beyondNoise
                ? `more than ${minTolerance} % and beyond the noise (head's best ${show(figure.better === 'higher' ? row.headRange[1] : row.headRange[0])} vs base's worst ${show(figure.better === 'higher' ? row.baseRange[0] : row.baseRange[1])})`
                : `more than ${minTolerance} % (one sample: noise unknown)`),
          );
        }
      }
      rows.push(row);
    }
    for (const figure of baseFigures.values()) {
      if (!headFigures.has(figure.name) && headFigures.size > 0) {
        rows.push({
          scenario,
          figure: figure.name,
          unit: figure.unit,
          better: figure.better,
          gated: figure.gated,
          base: figure.value,
          baseSamples: figure.samples.length,
          headSamples: 0,
          status: 'gone',
        });
        if (figure.gated) warnings.push(`${scenario}: ${figure.name} was measured on base, not on head`);
      }
    }
  }
  return { pass: failures.length === 0, rows, failures, warnings };
}

const cell = (value: number | undefined) => (value === undefined ? '—' : show(Math.round(value * 1000) / 1000));
const range = (r: [number, number] | undefined) => (r && r[0] !== r[1] ? ` (${cell(r[0])}–${cell(r[1])})` : '');

/** The gate's verdict as Markdown for the job summary: verdict, failures, then one table row per figure. */
export function gateMarkdown(result: GateResult, context: { headRuns: number; baseRuns: number; minTolerancePercent?: number }): string {
  const minTolerance = context.minTolerancePercent ?? MIN_TOLERANCE_PERCENT;
  const lines = [
    `### Performance gate: ${result.pass ? 'PASS' : '**FAIL**'}`,
    '',
    `Head and base measured interleaved on this runner (${context.headRuns} head run(s), ${context.baseRuns} base run(s); samples = every round of every run). ` +
      `A gated figure fails when head's median is worse than base's by more than ${minTolerance} % and beyond the noise (head's best sample worse than base's worst).`,
    '',
  ];
  if (result.failures.length > 0) lines.push(...result.failures.map((f) => `- ❌ ${f}`), '');
  if (result.warnings.length > 0) lines.push(...result.warnings.map((w) => `- ⚠️ ${w}`), '');
  lines.push(
    '| scenario | figure | better | base median (range) | head median (range) | worse by | beyond noise | samples base/head | |',
    '|---|---|---|--:|--:|--:|---|--:|---|',
  );
  for (const row of result.rows) {
    const status = row.status === 'FAIL' ? '**FAIL**' : row.status === 'info' ? 'not gated' : row.status;
    lines.push(
      `| ${row.scenario} | ${row.figure} | ${row.better} | ${cell(row.base)}${range(row.baseRange)} | ${cell(row.head)}${range(row.headRange)} | ${row.worsePercent === undefined ? '—' : `${row.worsePercent.toFixed(1)} %`} | ${row.beyondNoise === undefined ? (row.base === undefined ? '—' : 'unknown') : row.beyondNoise ? 'yes' : 'no'} | ${row.baseSamples}/${row.headSamples} | ${status} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The runs in `location`: a directory of `<scenario>.json` files is one run; a directory of such directories is one run
 * per subdirectory (CI's `bench-results/head/1`, `…/2`); a history file (`pnpm bench`'s run record) is one run.
 */
export function readRuns(location: string): Run[] {
  if (!existsSync(location)) return [];
  if (statSync(location).isFile()) {
    const record = JSON.parse(readFileSync(location, 'utf8')) as { scenarios?: SavedReport[] } & Partial<SavedReport>;
    return [record.scenarios ?? [record as SavedReport]];
  }
  const entries = readdirSync(location, { withFileTypes: true });
  const reports = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => e.name)
    .sort();
  if (reports.length > 0) return [reports.map((name) => JSON.parse(readFileSync(path.join(location, name), 'utf8')) as SavedReport)];
  return entries
    .filter((e) => e.isDirectory() && e.name !== 'history')
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .flatMap((name) => readRuns(path.join(location, name)));
}

function main(): number {
  const { values } = parseArgs({
    options: { head: { type: 'string' }, base: { type: 'string' }, scenarios: { type: 'string' }, 'min-tolerance': { type: 'string' } },
  });
  if (!values.head || !values.base) {
    process.stderr.write('usage: compare.ts --head <dir> --base <dir> [--scenarios "catalog orders"] [--min-tolerance 10]\n');
    return 2;
  }
  const minTolerancePercent = values['min-tolerance'] === undefined ? MIN_TOLERANCE_PERCENT : Number(values['min-tolerance']);
  if (!Number.isFinite(minTolerancePercent) || minTolerancePercent < 0)
    throw new Error(`--min-tolerance: expected a percentage, got ${values['min-tolerance']}`);
  const head = readRuns(values.head);
  const base = readRuns(values.base);
  const scenarios = values.scenarios?.split(/\s+/).filter(Boolean);
  const result = runGate(head, base, { minTolerancePercent, ...(scenarios ? { scenarios } : {}) });
  process.stdout.write(gateMarkdown(result, { headRuns: head.length, baseRuns: base.length, minTolerancePercent }));
  return result.pass ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
