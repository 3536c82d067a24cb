import autocannon from 'autocannon';
import type { Measurement, Target } from './scenario';

/** Latencies in ms (µs resolution), growing as needed. */
export class LatencyRecorder {
  private values = new Float64Array(1 << 16);
  private count = 0;

  /** How many latencies were recorded. */
  get size(): number {
    return this.count;
  }

  record(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count] = ms;
    this.count += 1;
  }

  /** Percentiles (0–100) of everything recorded, nearest-rank. */
  percentiles(...ps: number[]): number[] {
    const sorted = this.values.subarray(0, this.count).sort();
    return ps.map((p) => (this.count === 0 ? 0 : (sorted[Math.min(this.count - 1, Math.ceil((p / 100) * this.count) - 1)] ?? 0)));
  }
}

/** Milliseconds rounded to µs, as the report shows them. */
export const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** One autocannon run; latencies of 2xx responses are recorded here (autocannon's own histogram has 1 ms resolution). */
function fire(target: Target, connections: number, durationSeconds: number, recorder?: LatencyRecorder): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const options = {
      url: target.url,
      method: target.method ?? 'GET',
      headers: target.headers,
      body: target.body,
      connections,
      duration: durationSeconds,
      timeout: 10,
    };
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (recorder) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode >= 200 && statusCode < 300) recorder.record(responseTime);
      });
    }
  });
}

/** Warms `target` up (unmeasured), then measures it for `durationSeconds`. */
export async function measureTarget(
  target: Target,
  options: { connections: number; durationSeconds: number; warmupSeconds: number },
): Promise<Measurement> {
  const probe = await fetch(target.url, { method: target.method ?? 'GET', headers: target.headers, body: target.body });
  await probe.arrayBuffer();
  if (probe.status < 200 || probe.status >= 300) throw new Error(`${target.label}: ${target.url} answered ${probe.status}, not 2xx`);
  if (options.warmupSeconds > 0) await fire(target, options.connections, options.warmupSeconds);
  const recorder = new LatencyRecorder();
  const result = await fire(target, options.connections, options.durationSeconds, recorder);
  return measurementOf(target.label, target.url, options, recorder, {
    requests: result.requests.total,
    elapsedSeconds: result.duration || options.durationSeconds,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  });
}

/** A report row: the percentiles of `recorder` and the counts of the run that filled it. */
export function measurementOf(
  label: string,
  url: string,
  load: { connections: number; durationSeconds: number },
  recorder: LatencyRecorder,
  run: { requests: number; elapsedSeconds: number; non2xx: number; errors: number; timeouts: number },
): Measurement {
  const [p50, p90, p99, max] = recorder.percentiles(50, 90, 99, 100);
  return {
    label,
    url,
    connections: load.connections,
    durationSeconds: load.durationSeconds,
    requests: run.requests,
    requestsPerSec: Math.round(run.requests / run.elapsedSeconds),
    p50Ms: round3(p50 ?? 0),
    p90Ms: round3(p90 ?? 0),
    p99Ms: round3(p99 ?? 0),
    maxMs: round3(max ?? 0),
    non2xx: run.non2xx,
    errors: run.errors,
    timeouts: run.timeouts,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** One row from several rounds of the same target: medians of rates and percentiles, sums of counts, max of max. */
export function mergeRounds(rounds: Measurement[]): Measurement {
  const first = rounds[0];
  if (!first) throw new Error('no rounds to merge');
  if (rounds.length === 1) return first;
  const sum = (pick: (m: Measurement) => number) => rounds.reduce((total, m) => total + pick(m), 0);
  return {
    ...first,
    durationSeconds: sum((m) => m.durationSeconds),
    requests: sum((m) => m.requests),
    requestsPerSec: Math.round(median(rounds.map((m) => m.requestsPerSec))),
    p50Ms: round3(median(rounds.map((m) => m.p50Ms))),
    p90Ms: round3(median(rounds.map((m) => m.p90Ms))),
    p99Ms: round3(median(rounds.map((m) => m.p99Ms))),
    maxMs: Math.max(...rounds.map((m) => m.maxMs)),
    non2xx: sum((m) => m.non2xx),
    errors: sum((m) => m.errors),
    timeouts: sum((m) => m.timeouts),
    rounds: rounds.length,
    perRound: {
      requestsPerSec: rounds.map((m) => m.requestsPerSec),
      p50Ms: rounds.map((m) => m.p50Ms),
      p90Ms: rounds.map((m) => m.p90Ms),
      p99Ms: rounds.map((m) => m.p99Ms),
    },
  };
}
