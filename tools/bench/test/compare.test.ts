import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changePercent, formatComparison, gateMarkdown, noisePercent, readRuns, runGate, verdictOf, type Run } from '../src/compare';
import { figuresOf, type SavedReport } from '../src/figures';
import type { RunRecord } from '../src/history';

/**
 * Fixtures: runs recorded by `pnpm bench catalog --duration 2 --warmup 1 --rounds 2` on this machine (2 cores, shared),
 * kept as pnpm bench wrote them (history files); `legacy-catalog.json` is a `<scenario>.json` of the format before goals
 * carried their value and rounds (a base branch older than this tool writes those).
 */
const FIXTURES = path.join(__dirname, 'fixtures');
const record = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as RunRecord;
const runA = record('run-a.json');
const runB = record('run-b.json');
const catalogOf = (run: RunRecord) => run.scenarios.find((s) => s.scenario === 'catalog')!;
const cachedRead = 'catalog product (in-process cache)';

/**
 * A copy of a recorded run in which one target served `factor` × the requests of every round (and its goal ratio moved
 * with it): what the catalog's figures look like when its handler got slower and nothing else changed.
 */
function slowed(run: RunRecord, label: string, factor: number): Run {
  const report = structuredClone(catalogOf(run));
  const m = report.measurements.find((x) => x.label === label)!;
  m.requestsPerSec = Math.round(m.requestsPerSec * factor);
  if (m.perRound) m.perRound.requestsPerSec = m.perRound.requestsPerSec.map((v) => Math.round(v * factor));
  for (const goal of report.goals.filter((g) => g.unit === '×')) {
    goal.value = Math.round(goal.value! * factor * 100) / 100;
    goal.rounds = goal.rounds?.map((v) => Math.round(v * factor * 100) / 100);
    goal.pass = goal.value >= goal.limit!;
  }
  return [report];
}

describe('figures and noise', () => {
  test('when a recorded catalog run is read, then each goal and each target gives figures with one sample per round, controls not gated', () => {
    const figures = figuresOf(catalogOf(runA));
    const ratio = figures.find((f) => f.name === 'goal: cached product read (in-process cache)')!;
    expect(ratio).toMatchObject({ better: 'higher', unit: '×', gated: true, kind: 'goal' });
    expect(ratio.samples).toHaveLength(2);
    const bare = figures.find((f) => f.name === 'bare Express 5 req/s')!;
    expect(bare.gated).toBe(false);
    expect(figures.find((f) => f.name === `${cachedRead} p99 ms`)).toMatchObject({ better: 'lower', gated: false });
    // what is gated instead: each target's req/s relative to the control, round by round
    const relative = figures.find((f) => f.name === `${cachedRead} req/s × bare Express 5`)!;
    const rounds = catalogOf(runA).measurements.find((m) => m.label === cachedRead)!.perRound!.requestsPerSec;
    const control = catalogOf(runA).measurements.find((m) => m.label === 'bare Express 5')!.perRound!.requestsPerSec;
    expect(relative).toMatchObject({ gated: true, better: 'higher', unit: '×' });
    expect(relative.samples).toEqual(rounds.map((r, i) => Math.round((r / control[i]!) * 1000) / 1000));
    expect(figures.find((f) => f.name === `${cachedRead} p50 ms`)?.gated).toBe(false);
  });

  test('when a result predates goal values, then the goal figure is read from its text and its direction from the expectation', () => {
    const legacy = JSON.parse(readFileSync(path.join(FIXTURES, 'legacy-catalog.json'), 'utf8')) as SavedReport;
    const figures = figuresOf(legacy);
    expect(figures.find((f) => f.name === 'goal: cached product read (in-process cache)')).toMatchObject({
      value: 0.77,
      better: 'higher',
      samples: [0.77],
      unit: '×',
    });
    expect(figures.find((f) => f.name === 'goal: /health at 50 connections')).toMatchObject({ value: 48.5, better: 'lower', unit: 'ms' });
  });

  test('when the noise of samples is computed, then it is half their range over their median, unknown for one sample', () => {
    expect(noisePercent([90, 100, 110])).toBeCloseTo(10);
    expect(noisePercent([100])).toBeUndefined();
    expect(changePercent(110, 100)).toBeCloseTo(10);
  });

  test('when two runs are compared, then a change is beyond noise only when their rounds do not overlap, and its sign follows the figure', () => {
    expect(verdictOf({ value: 120, samples: [118, 122], better: 'higher' }, { value: 100, samples: [95, 105] })).toBe('better');
    expect(verdictOf({ value: 120, samples: [118, 122], better: 'lower' }, { value: 100, samples: [95, 105] })).toBe('worse');
    expect(verdictOf({ value: 104, samples: [100, 108], better: 'higher' }, { value: 100, samples: [95, 105] })).toBe('within noise');
    expect(verdictOf({ value: 104, samples: [104], better: 'higher' }, { value: 100, samples: [95, 105] })).toBe('noise unknown');
  });
});

describe('pnpm bench: figures against the previous run and a baseline', () => {
  test('when a run is compared with the previous and a baseline, then every figure shows both values, the change in percent and the verdict', () => {
    const text = formatComparison(catalogOf(runB), [
      { title: 'previous run: run A', report: catalogOf(runA) },
      { title: 'baseline legacy', report: JSON.parse(readFileSync(path.join(FIXTURES, 'legacy-catalog.json'), 'utf8')) as SavedReport },
    ]);
    expect(text).toContain('[1] previous run: run A');
    expect(text).toContain('[2] baseline legacy');
    const a = figuresOf(catalogOf(runA)).find((f) => f.name === `${cachedRead} req/s`)!;
    const b = figuresOf(catalogOf(runB)).find((f) => f.name === `${cachedRead} req/s`)!;
    const line = text.split('\n').find((l) => l.trimStart().startsWith(`${cachedRead} req/s `) && !l.includes('×'))!;
    const change = changePercent(b.value, a.value);
    expect(line).toContain(`${change >= 0 ? '+' : ''}${change.toFixed(1)} %`);
    expect(line).toMatch(new RegExp(`${verdictOf(b, a)}`));
  });

  test('when the reference lacks the scenario, then the comparison says so instead of printing a table', () => {
    expect(formatComparison(catalogOf(runB), [{ title: 'previous run: none kept yet', report: undefined }])).toBe(
      '  previous run: none kept yet: no result for this scenario\n',
    );
  });
});

describe('the CI gate: head against base, measured interleaved', () => {
  test('when head is the same code as base (two recorded runs of one commit, either way round), then no gated figure fails', () => {
    // the goals of thresholds.json are judged separately (below); here they are taken as met to isolate the comparison
    const met = (run: RunRecord): Run => [{ ...catalogOf(run), goals: catalogOf(run).goals.map((g) => ({ ...g, pass: true })) }];
    for (const [head, base] of [
      [runB, runA],
      [runA, runB],
    ] as const) {
      const result = runGate([met(head)], [met(base)], { scenarios: ['catalog'] });
      expect(result.rows.filter((r) => r.gated).length).toBeGreaterThan(0);
      expect(result.failures).toEqual([]);
    }
  });

  test("when head's cached read serves 40 % fewer requests than a steady base, then the gate fails naming the figure and the goal", () => {
    const result = runGate([slowed(runB, cachedRead, 0.6)], [[catalogOf(runB)]], { scenarios: ['catalog'] });
    expect(result.pass).toBe(false);
    const failures = result.failures.join('\n');
    expect(failures).toMatch(
      /catalog: catalog product \(in-process cache\) req\/s × bare Express 5 is 40\.\d % worse than base \(median [\d.]+ → [\d.]+ ×\), more than 10 % and beyond the noise/,
    );
    expect(failures).toMatch(/catalog: goal: cached product read \(in-process cache\) is 40\.\d % worse than base/);
    // the absolute figures are shown, not gated: they drift with the runner's load
    expect(result.rows.find((r) => r.figure === `${cachedRead} req/s`)).toMatchObject({ gated: false, status: 'info' });
  });

  test('when the base run was noisy (run A: rounds 0.16 and 0.67 ×), then the same 40 % slowdown is within its noise and does not fail', () => {
    const result = runGate([slowed(runA, cachedRead, 0.6)], [[catalogOf(runA)]], { scenarios: ['catalog'] });
    const row = result.rows.find((r) => r.figure === `${cachedRead} req/s × bare Express 5`)!;
    expect(row.worsePercent).toBeGreaterThan(35);
    expect(row).toMatchObject({ beyondNoise: false, status: 'pass' });
  });

  test('when a change is beyond the noise, then it fails only above 10 %; with one sample a side, 10 % alone decides', () => {
    const run = (rounds: number[]): Run => [
      {
        scenario: 's',
        measurements: [],
        goals: [
          {
            name: 'rate',
            expected: '≥ 1',
            actual: '',
            pass: true,
            value: rounds.slice().sort((x, y) => x - y)[Math.floor(rounds.length / 2)]!,
            better: 'higher',
            rounds,
          },
        ],
      },
    ];
    expect(runGate([run([91, 92, 93])], [run([99, 100, 101])]).rows[0]).toMatchObject({ beyondNoise: true, status: 'pass' });
    expect(runGate([run([87, 88, 89])], [run([99, 100, 101])]).rows[0]).toMatchObject({ beyondNoise: true, status: 'FAIL' });
    expect(runGate([run([70, 80, 100])], [run([99, 100, 101])]).rows[0]).toMatchObject({ beyondNoise: false, status: 'pass' });
    const single = runGate([run([89])], [run([100])]).rows[0]!;
    expect(single.beyondNoise).toBeUndefined();
    expect(single.status).toBe('FAIL');
    expect(runGate([run([91])], [run([100])]).rows[0]?.status).toBe('pass');
  });

  test('when a head run failed a goal or lacks a scenario, then the gate fails saying which; a scenario base lacks is only a warning', () => {
    const slow = slowed(runA, cachedRead, 0.5);
    const result = runGate([slow, []], [[]], { scenarios: ['catalog'] });
    expect(result.failures).toContain('catalog: head run 2 of 2 has no result (it broke or could not run; see the bench output)');
    expect(
      result.failures.some((f) =>
        /^catalog: goal "cached product read \(in-process cache\)" failed in head run 1 of 2: expected ≥ 0\.90 × bare Express 5, measured/.test(
          f,
        ),
      ),
    ).toBe(true);
    expect(result.warnings).toEqual(['catalog: the base branch has no result for it (new scenario, or it failed there): not compared']);
    expect(result.rows.every((r) => r.status === 'new' || r.status === 'info')).toBe(true);
  });

  test('when the gate has decided, then its Markdown table has a row per figure with both medians and ranges, the change, the noise verdict and status', () => {
    const result = runGate([slowed(runB, cachedRead, 0.6)], [[catalogOf(runB)]], { scenarios: ['catalog'] });
    const markdown = gateMarkdown(result, { headRuns: 1, baseRuns: 1 });
    expect(markdown).toMatch(/^### Performance gate: \*\*FAIL\*\*/);
    expect(markdown).toContain(
      '| scenario | figure | better | base median (range) | head median (range) | worse by | beyond noise | samples base/head | |',
    );
    const row = markdown.split('\n').find((l) => l.startsWith(`| catalog | ${cachedRead} req/s × bare Express 5 |`))!;
    const cells = row.split('|').map((c) => c.trim());
    expect(cells[3]).toBe('higher');
    expect(cells[4]).toMatch(/^[\d.]+ \([\d.]+–[\d.]+\)$/);
    expect(cells[6]).toMatch(/^40\.\d %$/);
    expect(cells[7]).toBe('yes');
    expect(cells[8]).toBe('2/2');
    expect(cells[9]).toBe('**FAIL**');
    expect(markdown).toContain('| catalog | bare Express 5 req/s | higher |');
    expect(markdown).toMatch(/- ❌ catalog: catalog product \(in-process cache\) req\/s × bare Express 5 is 40\.\d % worse than base/);
  });

  test('when runs are read from disk, then a folder of run folders, a folder of <scenario>.json and a history file each give their runs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-gate-'));
    try {
      cpSync(path.join(FIXTURES, 'legacy-catalog.json'), path.join(dir, 'head', '1', 'catalog.json'));
      cpSync(path.join(FIXTURES, 'legacy-catalog.json'), path.join(dir, 'head', '2', 'catalog.json'));
      expect(readRuns(path.join(dir, 'head')).map((run) => run.map((r) => r.scenario))).toEqual([['catalog'], ['catalog']]);
      expect(readRuns(path.join(dir, 'head', '1'))).toHaveLength(1);
      expect(readRuns(path.join(FIXTURES, 'run-a.json'))[0]?.map((r) => r.scenario)).toEqual(['catalog']);
      expect(readRuns(path.join(dir, 'nope'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
