/**
 * `pnpm bench report`: the history as one self-contained HTML file (uPlot's JS and CSS inlined, the data inlined as
 * JSON; it opens without a network): a chart per goal over the history with the goal's limit, the latest run's tables,
 * and every run's commit, branch and machine (also shown for the point under the cursor).
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { figuresOf } from './figures';
import { describeRun, type KeptRun } from './history';

const ms = (value: number) => (Math.round(value * 1000) / 1000).toString();
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that cannot close the script element it sits in. */
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** One chart's data: a goal of one scenario, its value in every kept run that measured it (null in the others). */
export interface GoalSeries {
  scenario: string;
  goal: string;
  unit: string;
  better: 'higher' | 'lower';
  limit: number | null;
  values: Array<number | null>;
  /** Whether the goal passed, per run (null: not measured). */
  passed: Array<boolean | null>;
}

/** The charts' data from the history (oldest first): one series per goal, aligned with the runs. */
export function goalSeries(history: KeptRun[]): GoalSeries[] {
  const series = new Map<string, GoalSeries>();
  history.forEach(({ record }, i) => {
    for (const report of record.scenarios) {
      for (const figure of figuresOf(report).filter((f) => f.kind === 'goal')) {
        const key = `${report.scenario}\u0000${figure.name}`;
        let entry = series.get(key);
        if (!entry) {
          entry = {
            scenario: report.scenario,
            goal: figure.name.replace(/^goal: /, ''),
            unit: figure.unit,
            better: figure.better,
            limit: null,
            values: history.map(() => null),
            passed: history.map(() => null),
          };
          series.set(key, entry);
        }
        entry.values[i] = figure.value;
        entry.limit = figure.limit ?? entry.limit;
        entry.passed[i] = report.goals.find((g) => `goal: ${g.name}` === figure.name)?.pass ?? null;
      }
    }
  });
  return [...series.values()];
}

function latestTables(latest: KeptRun): string {
  const parts: string[] = [];
  for (const report of latest.record.scenarios) {
    const rows = report.measurements
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.label)}${m.control ? ' <small>(control)</small>' : ''}</td><td>${m.requestsPerSec.toLocaleString('en-US')}</td><td>${ms(m.p50Ms)}</td><td>${ms(m.p99Ms)}</td><td>${ms(m.maxMs)}</td><td>${m.non2xx + m.errors + m.timeouts}</td><td>${m.rounds ?? 1}</td></tr>`,
      )
      .join('');
    const goals = report.goals
      .map(
        (g) =>
          `<tr class="${g.pass ? 'pass' : 'fail'}"><td>${g.pass ? 'PASS' : 'FAIL'}</td><td>${escapeHtml(g.name)}</td><td>${escapeHtml(g.expected)}</td><td>${escapeHtml(g.actual)}</td></tr>`,
      )
      .join('');
    parts.push(
      `<h3>${escapeHtml(report.scenario)}</h3><p>${escapeHtml(report.description)}</p>` +
        (rows
          ? `<table><tr><th>target</th><th>req/s</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th><th>failed</th><th>rounds</th></tr>${rows}</table>`
          : '') +
        (goals ? `<table><tr><th></th><th>goal</th><th>expected</th><th>measured</th></tr>${goals}</table>` : '') +
        (report.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join(''),
    );
  }
  for (const n of latest.record.notRun) parts.push(`<p class="fail">${escapeHtml(n.scenario)}: NOT RUN — ${escapeHtml(n.reason)}</p>`);
  for (const f of latest.record.failed) parts.push(`<p class="fail">${escapeHtml(f.scenario)}: failed — ${escapeHtml(f.error)}</p>`);
  return parts.join('\n');
}

function runsTable(history: KeptRun[]): string {
  const rows = [...history]
    .reverse()
    .map(({ file, record }) => {
      const m = record.machine;
      return `<tr><td>${escapeHtml(record.startedAt.slice(0, 19).replace('T', ' '))}</td><td>${escapeHtml(record.commit?.slice(0, 7) ?? '—')}${record.dirty ? '+' : ''}</td><td>${escapeHtml(record.branch ?? '')}</td><td>${escapeHtml(`${m.cores} × ${m.cpuModel}`)} <small>${escapeHtml(m.hostname)}</small></td><td>${m.loadAverageAtStart[0] ?? ''} → ${m.loadAverageAtEnd?.[0] ?? '?'}</td><td>${escapeHtml(record.node)}</td><td>${escapeHtml(record.scenarios.map((s) => s.scenario).join(', '))}${record.notRun.length + record.failed.length > 0 ? ` <span class="fail">(${escapeHtml([...record.notRun, ...record.failed].map((s) => s.scenario).join(', '))} did not run)</span>` : ''}</td><td class="${record.exitCode === 0 ? 'pass' : 'fail'}">${record.exitCode}</td><td><small>${escapeHtml(path.basename(file))}</small></td></tr>`;
    })
    .join('');
  return `<table><tr><th>started (UTC)</th><th>commit</th><th>branch</th><th>machine</th><th>load 1 min start → end</th><th>Node</th><th>scenarios</th><th>exit</th><th>file</th></tr>${rows}</table>`;
}

/** Client-side: one uPlot per goal; the line under each chart names the run (commit, machine, load) under the cursor. */
const CLIENT = `
const data = JSON.parse(document.getElementById('bench-data').textContent);
const times = data.runs.map((r) => r.t);
for (const [i, s] of data.series.entries()) {
  const box = document.getElementById('chart-' + i);
  const info = document.getElementById('info-' + i);
  const series = [{}, { label: s.goal + (s.unit ? ' (' + s.unit + ')' : ''), stroke: '#1f6feb', width: 2, points: { size: 7, fill: '#1f6feb' }, spanGaps: true }];
  const rows = [times, s.values];
  if (s.limit !== null) { series.push({ label: 'goal: ' + (s.better === 'higher' ? '≥ ' : '≤ ') + s.limit, stroke: '#cf222e', dash: [6, 4], width: 1, points: { show: false } }); rows.push(times.map(() => s.limit)); }
  const show = (idx) => {
    if (idx == null || s.values[idx] == null) { info.textContent = 'point at a run for its commit and machine'; return; }
    const r = data.runs[idx];
    info.textContent = r.when + ' · ' + r.commit + ' · ' + r.machine + ' · load ' + r.load + ' · Node ' + r.node + ' · ' + s.values[idx] + ' ' + s.unit + (s.passed[idx] === false ? ' · FAIL' : s.passed[idx] ? ' · PASS' : '');
  };
  new uPlot({ width: Math.min(960, document.body.clientWidth - 40), height: 260, series, scales: { x: { time: true } },
    axes: [{}, { label: s.unit }], hooks: { setCursor: [(u) => show(u.cursor.idx)] } }, rows, box);
  show(null);
}`;

/** The whole page. */
export function renderHtmlReport(history: KeptRun[], uplot: { js: string; css: string }): string {
  const latest = history.at(-1);
  if (!latest) throw new Error('the history is empty');
  const series = goalSeries(history);
  const runs = history.map(({ record }) => ({
    t: Date.parse(record.startedAt) / 1000,
    when: record.startedAt.slice(0, 16).replace('T', ' ') + ' UTC',
    commit: `${record.commit?.slice(0, 7) ?? 'no commit'}${record.dirty ? '+changes' : ''}${record.branch ? ` (${record.branch})` : ''}`,
    machine: `${record.machine.cores} × ${record.machine.cpuModel} (${record.machine.hostname})`,
    load: `${record.machine.loadAverageAtStart[0] ?? '?'} → ${record.machine.loadAverageAtEnd?.[0] ?? '?'}`,
    node: record.node,
  }));
  const charts = series
    .map(
      (s, i) =>
        `<section class="chart"><h3>${escapeHtml(s.scenario)}: ${escapeHtml(s.goal)}</h3><div id="chart-${i}"></div><p class="info" id="info-${i}"></p></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pnpm bench: ${history.length} run(s)</title>
<style>${uplot.css}</style>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 20px; color: #1f2328; }
table { border-collapse: collapse; margin: 8px 0 16px; } td, th { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; }
td:nth-child(n+2) { font-variant-numeric: tabular-nums; } .pass { color: #1a7f37; } .fail { color: #cf222e; font-weight: 600; }
.info { color: #57606a; min-height: 1.4em; } .note { color: #57606a; margin: 2px 0; } .chart { margin-bottom: 24px; }
</style></head><body>
<h1>pnpm bench</h1>
<p>${history.length} kept run(s), ${escapeHtml(runs[0]?.when ?? '')} – ${escapeHtml(runs.at(-1)?.when ?? '')}. Latest: ${escapeHtml(describeRun(latest.record))}.</p>
<h2>Goals over the history</h2>
${charts || '<p>No goal in the kept runs.</p>'}
<h2>Latest run</h2>
${latestTables(latest)}
<h2>Runs and the machine each ran on</h2>
${runsTable(history)}
<script type="application/json" id="bench-data">${inlineJson({ runs, series })}</script>
<script>${uplot.js}</script>
<script>${CLIENT}</script>
</body></html>
`;
}

/** uPlot's minified browser build and stylesheet, from the installed package. */
export function uplotAssets(): { js: string; css: string } {
  return {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}

/** Writes the report for `history` to `file`; resolves to the file. */
export async function writeHtmlReport(history: KeptRun[], file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, renderHtmlReport(history, uplotAssets()));
  return file;
}
