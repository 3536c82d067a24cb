import { runObserverBench } from './observer-load';
import { INFLUXD, POSTGRES } from '../prerequisites';
import { defineScenario } from '../scenario';
import { benchGoals } from '../thresholds';

/**
 * The observer polling `bench.observer.targets` (2,000) simulated health targets at a 1 s interval against a real influxd
 * and a real SMTP server (the observer runs in its own process; its CPU and RSS come from /proc). Goals (issue #15):
 * ≤ 60 % of one core, ≤ 400 MB resident, and the alert email ≤ 5 s after a target starts to fail.
 * With `--cpu-prof dir` the observer process writes a V8 CPU profile there.
 */
export default defineScenario({
  name: 'observer',
  description: 'observer: 2,000 targets at 1 s — CPU, memory, InfluxDB writes, failure-to-email detection latency',
  servers: {},
  requires: [POSTGRES, INFLUXD],
  async run(ctx) {
    const goals = benchGoals().observer;
    const result = await runObserverBench({
      targets: goals.targets,
      windowSeconds: Math.max(10, ctx.options.durationSeconds),
      trials: 5,
      goals: { cpuPercent: goals.cpuMaxPercentOfOneCore, rssMegabytes: goals.rssMaxMegabytes, detectionMs: goals.alertMaxMs },
      cpuProfDir: ctx.options.cpuProfDir,
      log: (line) => ctx.log(line),
    });
    const worst = Math.max(...result.detectionLatencyMs);
    return {
      measurements: [],
      goals: [
        {
          name: `observer CPU (${result.targets} targets @ ${result.intervalSeconds} s)`,
          expected: `≤ ${goals.cpuMaxPercentOfOneCore}% of one core`,
          actual: `${result.cpuPercentOfOneCore}%`,
          pass: result.cpuPercentOfOneCore <= goals.cpuMaxPercentOfOneCore,
          value: result.cpuPercentOfOneCore,
          unit: '%',
          better: 'lower',
          limit: goals.cpuMaxPercentOfOneCore,
        },
        {
          name: `observer RSS, highest over the window (${result.targets} targets)`,
          expected: `≤ ${goals.rssMaxMegabytes} MB`,
          actual: `${result.rssMegabytes} MB`,
          pass: result.rssMegabytes <= goals.rssMaxMegabytes,
          value: result.rssMegabytes,
          unit: 'MB',
          better: 'lower',
          limit: goals.rssMaxMegabytes,
        },
        {
          name: 'failure → email (worst of 5)',
          expected: `≤ ${goals.alertMaxMs} ms`,
          actual: `${worst} ms`,
          pass: worst <= goals.alertMaxMs,
          value: worst,
          unit: 'ms',
          better: 'lower',
          limit: goals.alertMaxMs,
        },
      ],
      notes: [
        `RSS over the window ≤ ${result.rssMegabytes} MB, mean ${result.rssMeanMegabytes} MB (peak since start ${result.rssPeakMegabytes} MB); ${result.pollsPerSecond} polls/s (of ${result.targets}); InfluxDB ${result.influxPointsPerSecond} points/s in ${result.influxWriteRequestsPerSecond} write requests/s`,
        `detection latencies: ${result.detectionLatencyMs.join(', ')} ms (failure threshold ${result.failureThreshold} × ${result.intervalSeconds} s, grouping window 1 s)`,
        `target farm (the bench's own process): ${result.farmCpuPercentOfOneCore}% of one core`,
        `machine load average at the end of the window: ${result.loadAverage}`,
      ],
    };
  },
});
