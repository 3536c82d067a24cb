import { runObserverBench } from '../../../../observer/test/bench/observer-bench';
import { defineScenario } from '../scenario';

/**
 * The observer polling 500 simulated health targets at a 1 s interval against a real influxd and a real SMTP server
 * (the observer runs in its own process; its CPU and RSS come from /proc). Goals: ≤ 25 % of one core, and the alert
 * email within failureThreshold × interval + 2 s of a target starting to fail.
 */
export default defineScenario({
  name: 'observer',
  description: 'observer: 500 targets at 1 s — CPU, memory, InfluxDB writes, failure-to-email detection latency',
  servers: {},
  async run(ctx) {
    const result = await runObserverBench({ targets: 500, windowSeconds: Math.max(10, ctx.options.durationSeconds), trials: 5, log: (line) => ctx.log(line) });
    const worst = Math.max(...result.detectionLatencyMs);
    return {
      measurements: [],
      goals: [
        { name: 'observer CPU (500 targets @ 1 s)', expected: `≤ ${result.goals.cpuPercent}% of one core`, actual: `${result.cpuPercentOfOneCore}%`, pass: result.cpuPercentOfOneCore <= result.goals.cpuPercent },
        { name: 'failure → email (worst of 5)', expected: `≤ ${result.goals.detectionMs} ms`, actual: `${worst} ms`, pass: worst <= result.goals.detectionMs },
      ],
      notes: [
        `RSS ${result.rssMegabytes} MB; ${result.pollsPerSecond} polls/s; InfluxDB ${result.influxPointsPerSecond} points/s in ${result.influxWriteRequestsPerSecond} write requests/s`,
        `detection latencies: ${result.detectionLatencyMs.join(', ')} ms (failure threshold ${result.failureThreshold} × ${result.intervalSeconds} s, grouping window 1 s)`,
        `machine load average at the end of the window: ${result.loadAverage}`,
      ],
    };
  },
});
