import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { goalSeries, renderHtmlReport, uplotAssets } from '../src/html-report';
import { readHistory, resolveBaseline, runFileName, type KeptRun, type RunRecord } from '../src/history';
import { executableFile } from '../src/prerequisites';
import { runScenarios } from '../src/runner';
import { defineScenario, type RunOptions } from '../src/scenario';

const REPO = path.join(__dirname, '..', '..', '..');
const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
const options: RunOptions = { durationSeconds: 1, warmupSeconds: 0, connections: 1, rounds: 3 };
const FIXTURES = path.join(__dirname, 'fixtures');

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  return { stream: new Writable({ write: (chunk: Buffer, _e, cb) => ((text += chunk.toString()), cb()) }), text: () => text };
}

/** A scenario whose one goal measures the next of `values` (three rounds spread ±1 around it). */
function counting(values: number[]) {
  let run = 0;
  return defineScenario({
    name: 'counting',
    description: 'counting (test)',
    servers: {},
    async run() {
      const value = values[run++] ?? 0;
      return {
        measurements: [],
        goals: [
          {
            name: 'speed',
            expected: '≥ 10/s',
            actual: `${value}/s`,
            pass: value >= 10,
            value,
            unit: '/s',
            better: 'higher' as const,
            limit: 10,
            rounds: [value - 1, value, value + 1],
          },
        ],
      };
    },
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bench-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('history: every run is kept', () => {
  test('when pnpm bench runs twice, then each run is kept with commit, branch, time, machine, Node and every figure, and the second is compared with the first', async () => {
    const historyDir = path.join(dir, 'history');
    const scenario = counting([20, 30]);
    const lacking = defineScenario({
      name: 'lacking',
      description: 'x',
      servers: {},
      requires: [executableFile('/nonexistent/erp-bench/tool', 'get it')],
      run: async () => ({ measurements: [], goals: [] }),
    });
    const first = collect();
    expect(await runScenarios([scenario, lacking], options, { log: () => undefined, out: first.stream, outDir: dir, historyDir })).toBe(1);
    expect(first.text()).toContain('previous run: none kept yet: no result for this scenario');
    const second = collect();
    expect(await runScenarios([scenario], options, { log: () => undefined, out: second.stream, outDir: dir, historyDir })).toBe(0);

    const kept = readHistory(historyDir);
    expect(kept).toHaveLength(2);
    expect(readdirSync(historyDir)).toContain('.gitignore');
    const [one, two] = kept.map((k) => k.record) as [RunRecord, RunRecord];
    expect(path.basename(kept[0]!.file)).toBe(runFileName(one));
    expect(one.commit).toBe(head);
    expect(typeof one.branch).toBe('string');
    expect(typeof one.dirty).toBe('boolean');
    expect(one.node).toBe(process.version);
    expect(one.machine).toMatchObject({ cores: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim() });
    expect(one.machine.loadAverageAtStart).toHaveLength(3);
    expect(one.machine.loadAverageAtEnd).toHaveLength(3);
    expect(Date.parse(one.finishedAt)).toBeGreaterThanOrEqual(Date.parse(one.startedAt));
    expect(one.notRun).toEqual([{ scenario: 'lacking', reason: 'this machine lacks /nonexistent/erp-bench/tool (get it)' }]);
    expect(one.exitCode).toBe(1);
    expect(one.scenarios[0]?.goals[0]).toMatchObject({ value: 20, rounds: [19, 20, 21] });
    expect(two.scenarios[0]?.goals[0]).toMatchObject({ value: 30 });

    // 20 → 30 with rounds 19–21 and 29–31: +50 %, beyond the noise of both
    expect(second.text()).toMatch(/\[1\] previous run: .* UTC, [0-9a-f]{7}/);
    expect(second.text()).toMatch(/goal: speed\s+30 ±3\.3 %\s+20 ±5\.0 %\s+\+50\.0 %\s+better/);
    expect(second.text()).toContain(`kept in the history: ${kept[1]!.file}`);
  });

  test('when a baseline is named, then a saved run file, a commit with a kept run, and nothing else resolve', async () => {
    const historyDir = path.join(dir, 'history');
    await runScenarios([counting([40])], options, { log: () => undefined, out: collect().stream, outDir: dir, historyDir });
    const history = readHistory(historyDir);
    const byCommit = resolveBaseline('HEAD', history);
    expect(byCommit.reportFor('counting')?.goals[0]?.value).toBe(40);
    expect(byCommit.describe('counting')).toMatch(new RegExp(`^baseline HEAD = ${head.slice(0, 7)}: `));
    const byFile = resolveBaseline(path.join(FIXTURES, 'run-a.json'), []);
    expect(byFile.reportFor('catalog')?.measurements.length).toBeGreaterThan(0);
    expect(() => resolveBaseline('HEAD', [])).toThrow(`--baseline HEAD: no kept run of ${head.slice(0, 7)}`);
    expect(() => resolveBaseline('no-such-ref-or-file-xyz', history)).toThrow('neither a file nor a commit, tag or branch');
    const notARun = path.join(dir, 'x.json');
    writeFileSync(notARun, '{"scenario":"x"}');
    expect(() => resolveBaseline(notARun, history)).toThrow('is not a pnpm bench run');
  });
});

describe('pnpm bench report: one self-contained HTML file', () => {
  const kept: KeptRun[] = ['run-a.json', 'run-b.json'].map((name) => ({
    file: path.join(FIXTURES, name),
    record: JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as RunRecord,
  }));

  test('when the history holds recorded runs, then there is one series per goal, aligned with the runs', () => {
    const series = goalSeries(kept);
    expect(series.map((s) => `${s.scenario}: ${s.goal}`)).toEqual([
      'catalog: cached product read (in-process cache)',
      'catalog: /health at 50 connections',
    ]);
    expect(series[0]?.values).toEqual(kept.map((k) => k.record.scenarios[0]?.goals[0]?.value));
    expect(series[0]?.limit).toBe(0.9);
    expect(series[1]).toMatchObject({ unit: 'ms', better: 'lower', limit: 2, passed: [false, false] });
  });

  test('when pnpm bench report runs, then it writes the file from the history directory, and refuses an empty history', () => {
    const history = path.join(dir, 'history');
    for (const { file, record } of kept) {
      mkdirSync(history, { recursive: true });
      writeFileSync(path.join(history, runFileName(record)), readFileSync(file));
    }
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'src', 'cli.ts'), 'report', ...args], {
        cwd: path.join(__dirname, '..'),
        encoding: 'utf8',
      });
    const written = cli('--history', history, '--report', path.join(dir, 'out', 'r.html'));
    expect(written.status).toBe(0);
    expect(written.stdout).toBe(`${path.join(dir, 'out', 'r.html')}: 2 run(s) from ${history}\n`);
    expect(readFileSync(path.join(dir, 'out', 'r.html'), 'utf8')).toContain('<h2>Goals over the history</h2>');
    const empty = cli('--history', path.join(dir, 'none'));
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain(`no run kept in ${path.join(dir, 'none')} yet: run pnpm bench first`);
  }, 30_000);

  test("when the report is rendered, then it inlines uPlot and the data, loads nothing from the network, and shows each run's machine", () => {
    const assets = uplotAssets();
    const html = renderHtmlReport(kept, assets);
    expect(html).toContain(assets.js);
    expect(html).toContain(assets.css);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(html.match(/<div id="chart-\d+">/g)).toHaveLength(2);
    const data = JSON.parse(/<script type="application\/json" id="bench-data">(.*?)<\/script>/s.exec(html)![1]!) as {
      runs: Array<{ machine: string; commit: string }>;
    };
    expect(data.runs.map((r) => r.commit.slice(0, 7))).toEqual(kept.map((k) => k.record.commit!.slice(0, 7)));
    expect(data.runs[0]?.machine).toContain(kept[0]!.record.machine.cpuModel);
    // the latest run's table and the list of runs
    expect(html).toContain('<h2>Latest run</h2>');
    expect(html).toContain('catalog product (in-process cache)</td>');
    expect(html.match(/<td>2026-12-02 11:\d\d:\d\d<\/td>/g)).toHaveLength(2);
  });
});
