/**
 * `pnpm bench [scenario…] [--duration s] [--warmup s] [--connections n] [--rounds n] [--out dir] [--cpu-prof dir]
 *             [--history dir] [--baseline commit|tag|file]`
 * Runs the named scenarios (default: all), prints a table per scenario and writes `bench-results/<scenario>.json`;
 * keeps the run in the history (`bench-results/history/`) and prints each figure against the previous kept run and the
 * baseline. `pnpm bench report [--history dir] [--report file]` writes the history as one self-contained HTML file.
 * Goals come from thresholds.json (`BENCH_THRESHOLDS=<file>` to use another). Exits 1 when a goal fails, a scenario breaks
 * or cannot run on this machine (the others still run), 2 on bad arguments or a bad thresholds file.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readHistory, resolveBaseline } from './history';
import { loadScenario, scenarioNames } from './registry';
import { writeHtmlReport } from './html-report';
import { runScenarios } from './runner';
import { loadThresholds } from './thresholds';

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'string' },
      history: { type: 'string' },
      baseline: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      `usage: pnpm bench [${scenarioNames().join('|')}…] [--duration 5] [--warmup 3] [--connections 50] [--rounds 3] [--out bench-results] [--cpu-prof dir] [--history bench-results/history] [--baseline commit|tag|file]\n` +
        '       pnpm bench report [--history bench-results/history] [--report bench-results/report.html]\n',
    );
    return 0;
  }
  const outDir = path.resolve(values.out ?? 'bench-results');
  const historyDir = path.resolve(values.history ?? process.env.BENCH_HISTORY ?? path.join(outDir, 'history'));
  if (positionals[0] === 'report') {
    if (positionals.length > 1) throw new Error('pnpm bench report takes no scenario names');
    const history = readHistory(historyDir);
    if (history.length === 0) throw new Error(`no run kept in ${historyDir} yet: run pnpm bench first`);
    const file = await writeHtmlReport(history, path.resolve(values.report ?? path.join(outDir, 'report.html')));
    process.stdout.write(`${file}: ${history.length} run(s) from ${historyDir}\n`);
    return 0;
  }
  const names = positionals.length > 0 ? positionals : scenarioNames();
  const unknown = names.filter((name) => !scenarioNames().includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarioNames().join(', ')}`);
  const options = {
    durationSeconds: positiveNumber('duration', values.duration, 5),
    warmupSeconds: values.warmup === '0' ? 0 : positiveNumber('warmup', values.warmup, 3),
    connections: Math.round(positiveNumber('connections', values.connections, 50)),
    rounds: Math.round(positiveNumber('rounds', values.rounds, 3)),
    cpuProfDir: values['cpu-prof'] === undefined ? undefined : path.resolve(values['cpu-prof']),
  };
  const log = (message: string) => process.stderr.write(`${message}\n`);

  // a broken thresholds file stops the run before anything is measured (exit 2, naming the bad fields)
  loadThresholds();
  // so does a baseline that names nothing kept
  const baseline = values.baseline === undefined ? undefined : resolveBaseline(values.baseline, readHistory(historyDir));
  return runScenarios(names.map(loadScenario), options, {
    log,
    out: process.stdout,
    outDir,
    historyDir,
    ...(baseline ? { baseline } : {}),
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
