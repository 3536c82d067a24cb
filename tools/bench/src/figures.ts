/**
 * The figures of a scenario's result: every number the history keeps, the comparison prints, the report charts and the
 * CI gate checks — each with the way that is better and its samples (one per measured round) whose spread is its noise.
 */
import type { GoalResult, Measurement } from './scenario';

/** The parts of a `bench-results/<scenario>.json` (a `ScenarioReport`) that figures are read from. */
export interface SavedReport {
  scenario: string;
  measurements: Measurement[];
  goals: GoalResult[];
  /** Label of the control measurement the scenario's ratios are relative to (e.g. `bare Express 5`). */
  baseline?: string;
}

export type Better = 'higher' | 'lower';

export interface Figure {
  scenario: string;
  /** Unique within a scenario: `<target> req/s`, `<target> p99 ms`, `goal: <goal name>`. */
  name: string;
  unit: string;
  better: Better;
  /** The figure as the run reports it (a median of its rounds when it measured several). */
  value: number;
  /** One value per measured round (just `[value]` when there was one): their spread is the figure's noise. */
  samples: number[];
  /**
   * Whether the CI gate checks it: every goal's value, and every target's req/s relative to the scenario's control
   * measured in the same round. Absolute req/s and latencies drift with the runner's load between runs (two runs of one
   * commit on this machine differed by 2× in p99), so they are shown, not gated.
   */
  gated: boolean;
  kind: 'measurement' | 'goal';
  /** A goal's limit. */
  limit?: number;
}

/** The number in a goal's `actual` text (`0.85 ×`, `1,234 ms`), for results saved before goals carried `value`. */
function numberIn(text: string): number | undefined {
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(text);
  return match ? Number(match[0].replace(/,/g, '')) : undefined;
}

function goalFigure(scenario: string, goal: GoalResult): Figure | undefined {
  const value = goal.value ?? numberIn(goal.actual);
  const better = goal.better ?? (goal.expected.includes('≥') ? 'higher' : goal.expected.includes('≤') ? 'lower' : undefined);
  if (value === undefined || !Number.isFinite(value) || better === undefined) return undefined;
  return {
    scenario,
    name: `goal: ${goal.name}`,
    unit: goal.unit ?? (/\d\s*ms\b/.test(goal.actual) ? 'ms' : (/×|%|\/s/.exec(goal.actual)?.[0] ?? '')),
    better,
    value,
    samples: goal.rounds && goal.rounds.length > 0 ? goal.rounds : [value],
    gated: true,
    kind: 'goal',
    ...(goal.limit === undefined ? {} : { limit: goal.limit }),
  };
}

/** Every figure of one scenario's result, goals first. */
export function figuresOf(report: SavedReport): Figure[] {
  const figures: Figure[] = [];
  for (const goal of report.goals) {
    const figure = goalFigure(report.scenario, goal);
    if (figure) figures.push(figure);
  }
  const control = report.measurements.find((m) => m.label === report.baseline);
  for (const m of report.measurements) {
    if (!control || m === control || m.control) continue;
    const mine = m.perRound?.requestsPerSec ?? [m.requestsPerSec];
    const theirs = control.perRound?.requestsPerSec ?? [control.requestsPerSec];
    const value = Math.round((m.requestsPerSec / control.requestsPerSec) * 1000) / 1000;
    const samples = mine.length === theirs.length ? mine.map((v, i) => Math.round((v / (theirs[i] ?? NaN)) * 1000) / 1000) : [value];
    figures.push({
      scenario: report.scenario,
      name: `${m.label} req/s × ${control.label}`,
      unit: '×',
      better: 'higher',
      value,
      samples,
      gated: true,
      kind: 'measurement',
    });
  }
  for (const m of report.measurements) {
    const gated = false;
    const of = (pick: keyof NonNullable<Measurement['perRound']>, value: number) => m.perRound?.[pick] ?? [value];
    figures.push(
      {
        scenario: report.scenario,
        name: `${m.label} req/s`,
        unit: '/s',
        better: 'higher',
        value: m.requestsPerSec,
        samples: of('requestsPerSec', m.requestsPerSec),
        gated,
        kind: 'measurement',
      },
      {
        scenario: report.scenario,
        name: `${m.label} p50 ms`,
        unit: 'ms',
        better: 'lower',
        value: m.p50Ms,
        samples: of('p50Ms', m.p50Ms),
        gated: false,
        kind: 'measurement',
      },
      {
        scenario: report.scenario,
        name: `${m.label} p99 ms`,
        unit: 'ms',
        better: 'lower',
        value: m.p99Ms,
        samples: of('p99Ms', m.p99Ms),
        gated,
        kind: 'measurement',
      },
    );
  }
  return figures;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}
