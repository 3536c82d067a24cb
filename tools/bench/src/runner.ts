import os from 'node:os';
import { measureTarget, mergeRounds } from './measure';
import { missingPrerequisites } from './prerequisites';
import { formatReport, writeReport } from './report';
import type { BenchScenario, Json, Measurement, RunOptions, ScenarioContext, ScenarioReport, ServerHandle } from './scenario';
import { startServerProcess } from './server-process';

/**
 * Runs the scenarios one after another, printing each table to `out` and writing its JSON to `outDir`. A scenario that
 * breaks, or that this machine lacks a prerequisite for (it is then not started), is reported and the next one runs.
 * Resolves to the exit code: 0 when every scenario ran and met its goals, else 1.
 */
export async function runScenarios(
  scenarios: BenchScenario[],
  options: RunOptions,
  io: { log: (message: string) => void; out: NodeJS.WritableStream; outDir: string },
): Promise<number> {
  let failed = false;
  for (const scenario of scenarios) {
    const missing = missingPrerequisites(scenario.requires);
    if (missing.length > 0) {
      failed = true;
      io.out.write(`\n${scenario.name}: NOT RUN — this machine lacks ${missing.join('; ')}\n`);
      continue;
    }
    try {
      const report = await runScenario(scenario, options, io.log);
      io.out.write(`\n${formatReport(report)}`);
      io.out.write(`  result: ${await writeReport(report, io.outDir)}\n`);
      if (report.goals.some((goal) => !goal.pass)) failed = true;
    } catch (error) {
      failed = true;
      io.log(`[${scenario.name}] failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }
  return failed ? 1 : 0;
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
      ctx.log(`measuring ${target.label}: ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s at ${options.connections} connections`);
      return measureTarget(target, options);
    },
    measureAll: async (targets) => {
      interleaved = true;
      const byTarget = targets.map(() => [] as Measurement[]);
      for (let round = 1; round <= options.rounds; round += 1) {
        for (const [index, target] of targets.entries()) {
          const warmupSeconds = round === 1 ? options.warmupSeconds : 0;
          ctx.log(`round ${round}/${options.rounds}: ${target.label} (${warmupSeconds} s warm-up + ${options.durationSeconds} s at ${options.connections} connections)`);
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
        ...(loadAverageAtStart > os.availableParallelism() ? [`the machine was busy (1-min load average ${loadAverageAtStart} on ${os.availableParallelism()} CPUs): figures are low`] : []),
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
