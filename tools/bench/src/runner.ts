import os from 'node:os';
import { measureTarget, mergeRounds } from './measure';
import { missingPrerequisites } from './prerequisites';
import { formatComparison, type Reference } from './compare';
import {
  describeRun,
  endLoadAverage,
  gitInfo,
  latestWith,
  machineInfo,
  readHistory,
  RUN_FORMAT,
  writeRun,
  type Baseline,
  type RunRecord,
} from './history';
import { formatReport, writeReport } from './report';
import type { BenchScenario, Json, Measurement, RunOptions, ScenarioContext, ScenarioReport, ServerHandle } from './scenario';
import { startServerProcess } from './server-process';

/** Where `runScenarios` writes and what it compares with. */
export interface RunIo {
  log: (message: string) => void;
  out: NodeJS.WritableStream;
  /** `<scenario>.json` of the latest run go here. */
  outDir: string;
  /** Keep the run in this history directory and compare each scenario with the previous kept run (none: neither). */
  historyDir?: string;
  /** Also compare with this baseline (`--baseline`). */
  baseline?: Baseline;
}

/**
 * Runs the scenarios one after another, printing each table to `out` and writing its JSON to `outDir`. A scenario that
 * breaks, or that this machine lacks a prerequisite for (it is then not started), is reported and the next one runs.
 * With `historyDir`, each table is followed by its figures against the previous kept run (and `baseline`), and the whole
 * run is kept there. Resolves to the exit code: 0 when every scenario ran and met its goals, else 1.
 */
export async function runScenarios(scenarios: BenchScenario[], options: RunOptions, io: RunIo): Promise<number> {
  let failed = false;
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const history = io.historyDir ? readHistory(io.historyDir) : [];
  const reports: ScenarioReport[] = [];
  const notRun: RunRecord['notRun'] = [];
  const broken: RunRecord['failed'] = [];
  for (const scenario of scenarios) {
    const missing = await missingPrerequisites(scenario.requires);
    if (missing.length > 0) {
      failed = true;
      const reason = `this machine lacks ${missing.join('; ')}`;
      notRun.push({ scenario: scenario.name, reason });
      io.out.write(`\n${scenario.name}: NOT RUN — ${reason}\n`);
      continue;
    }
    try {
      const report = await runScenario(scenario, options, io.log);
      reports.push(report);
      io.out.write(`\n${formatReport(report)}`);
      io.out.write(`  result: ${await writeReport(report, io.outDir)}\n`);
      if (io.historyDir) {
        const previous = latestWith(history, scenario.name);
        const references: Reference[] = [
          {
            title: previous ? `previous run: ${describeRun(previous.record)}` : 'previous run: none kept yet',
            report: previous?.record.scenarios.find((s) => s.scenario === scenario.name),
          },
          ...(io.baseline ? [{ title: io.baseline.describe(scenario.name), report: io.baseline.reportFor(scenario.name) }] : []),
        ];
        io.out.write(formatComparison(report, references));
      }
      if (report.goals.some((goal) => !goal.pass)) failed = true;
    } catch (error) {
      failed = true;
      broken.push({ scenario: scenario.name, error: error instanceof Error ? error.message : String(error) });
      io.log(`[${scenario.name}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  const exitCode = failed ? 1 : 0;
  if (io.historyDir) {
    const record: RunRecord = {
      format: RUN_FORMAT,
      ...gitInfo(),
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: endLoadAverage(machine),
      node: process.version,
      options,
      requested: scenarios.map((s) => s.name),
      scenarios: reports,
      notRun,
      failed: broken,
      exitCode,
    };
    io.out.write(`\nkept in the history: ${await writeRun(record, io.historyDir)}\n`);
  }
  return exitCode;
}

/** Runs one scenario: its servers in child processes, autocannon here; everything it started is stopped afterwards. */
export async function runScenario(scenario: BenchScenario, options: RunOptions, log: (message: string) => void): Promise<ScenarioReport> {
  const { name } = scenario;
  const cleanups: Array<() => Promise<void> | void> = [];
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  // set when the scenario measures through measureAll (then the report names its rounds)
  let interleaved = false;
  const ctx: ScenarioContext = {
    options,
    log: (message) => log(`[${name}] ${message}`),
    onCleanup: (cleanup) => void cleanups.push(cleanup),
    startServer: async (server: string, input: Json = null): Promise<ServerHandle> => {
      if (!scenario.servers[server]) throw new Error(`scenario ${name} has no server "${server}"`);
      const handle = await startServerProcess(name, server, input, { cpuProfDir: options.cpuProfDir });
      cleanups.push(() => handle.stop());
      ctx.log(`started ${server} at ${handle.url} (pid ${handle.pid})`);
      return handle;
    },
    measure: async (target) => {
      ctx.log(
        `measuring ${target.label}: ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s at ${options.connections} connections`,
      );
      return measureTarget(target, options);
    },
    measureAll: async (targets) => {
      interleaved = true;
      const byTarget = targets.map(() => [] as Measurement[]);
      for (let round = 1; round <= options.rounds; round += 1) {
        for (const [index, target] of targets.entries()) {
          const warmupSeconds = round === 1 ? options.warmupSeconds : 0;
          ctx.log(
            `round ${round}/${options.rounds}: ${target.label} (${warmupSeconds} s warm-up + ${options.durationSeconds} s at ${options.connections} connections)`,
          );
          byTarget[index]?.push(await measureTarget(target, { ...options, warmupSeconds }));
        }
      }
      return byTarget.map(mergeRounds);
    },
  };
  try {
    const outcome = await scenario.run(ctx);
    return {
      scenario: name,
      description: scenario.description,
      startedAt,
      options,
      setup: {
        loadGenerator: 'in the bench process (one core): autocannon, or openLoad for a fixed arrival rate',
        servers: `each server in its own Node child process (NODE_ENV=production)${interleaved ? `, measured one at a time${options.rounds > 1 ? `, ${options.rounds} interleaved rounds (medians)` : ''}` : ''}`,
        cpus: os.availableParallelism(),
        node: process.version,
        loadAverageAtStart,
      },
      ...outcome,
      notes: [
        ...(outcome.notes ?? []),
        ...(loadAverageAtStart > os.availableParallelism()
          ? [`the machine was busy (1-min load average ${loadAverageAtStart} on ${os.availableParallelism()} CPUs): figures are low`]
          : []),
      ],
    };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`[${name}] cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
