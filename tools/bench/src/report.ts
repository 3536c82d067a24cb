import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScenarioReport } from './scenario';

const number = new Intl.NumberFormat('en-US');

function pad(cells: string[], widths: number[], alignRight: boolean[]): string {
  return cells.map((cell, i) => (alignRight[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
}

/** The human-readable table of one scenario: throughput, latency, ratios to the baseline, goals. */
export function formatReport(report: ScenarioReport): string {
  const baseline = report.measurements.find((m) => m.label === report.baseline);
  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', ...(baseline ? [`× ${baseline.label}`] : [])];
  const rows = report.measurements.map((m) => [
    m.label,
    number.format(m.requestsPerSec),
    m.p50Ms.toFixed(3),
    m.p99Ms.toFixed(3),
    m.maxMs.toFixed(1),
    number.format(m.non2xx + m.errors + m.timeouts),
    ...(baseline ? [(m.requestsPerSec / baseline.requestsPerSec).toFixed(2)] : []),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  const right = header.map((_, i) => i > 0);
  const lines = [
    `${report.scenario}: ${report.description}`,
    `${report.options.durationSeconds} s per target after ${report.options.warmupSeconds} s warm-up, ${report.options.connections} connections; ${report.setup.loadGenerator}; ${report.setup.servers}; ${report.setup.cpus} CPUs (load ${report.setup.loadAverageAtStart}), Node ${report.setup.node}`,
    '',
    pad(header, widths, right),
    pad(
      widths.map((w) => '-'.repeat(w)),
      widths,
      right,
    ),
    ...rows.map((row) => pad(row, widths, right)),
  ];
  if (report.goals.length > 0) {
    lines.push('', 'goals');
    for (const goal of report.goals)
      lines.push(`  ${goal.pass ? 'PASS' : 'FAIL'}  ${goal.name}: ${goal.expected}, measured ${goal.actual}`);
  }
  for (const note of report.notes ?? []) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** Writes `<dir>/<scenario>.json`; the directory ignores itself in git. */
export async function writeReport(report: ScenarioReport, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, '.gitignore'), '*\n');
  const file = path.join(dir, `${report.scenario}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
