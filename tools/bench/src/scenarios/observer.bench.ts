import { runObserverBench } from './observer-load';
import { INFLUXD, POSTGRES } from '../prerequisites';
import { defineScenario } from '../scenario';
import { benchGoals } from '../thresholds';

/**
 * The observer polling 500 simulated health targets at a 1 s interval against a real influxd and a real SMTP server
 * (the observer runs in its own process; its CPU and RSS come from /proc). Goals: ≤ 25 % of one core, and the alert
 * email within failureThreshold × interval + 2 s of a target starting to fail.
 */
export default defineScenario({
  name: 'observer',
  description: 'observer: 500 targets at 1 s — CPU, memory, InfluxDB writes, failure-to-email detection latency',
  servers: {},
  requires: [POSTGRES, INFLUXD],
  async run(ctx) {
    const goals = benchGoals().observer;
    const result = await runObserverBench({
      targets: goals.targets,
      windowSeconds: Math.max(10, ctx.options.durationSeconds),
      trials: 5,
      log: (line) => ctx.log(line),
    });
    const worst = Math.max(...result.detectionLatencyMs);
    const detectionMs = result.failureThreshold * result.intervalSeconds * 1000 + goals.alertSlackMs;
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
          name: 'failure → email (worst of 5)',
          expected: `≤ ${detectionMs} ms`,
          actual: `${worst} ms`,
          pass: worst <= detectionMs,
          value: worst,
          unit: 'ms',
          better: 'lower',
          limit: detectionMs,
        },
      ],
      notes: [
        `RSS ${result.rssMegabytes} MB; ${result.pollsPerSecond} polls/s; InfluxDB ${result.influxPointsPerSecond} points/s in ${result.influxWriteRequestsPerSecond} write requests/s`,
        `detection latencies: ${result.detectionLatencyMs.join(', ')} ms (failure threshold ${result.failureThreshold} × ${result.intervalSeconds} s, grouping window 1 s)`,
        `machine load average at the end of the window: ${result.loadAverage}`,
      ],
    };
  },
});
