import type { GoalResult, Measurement } from './scenario';

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const round2 = (value: number) => Math.round(value * 100) / 100;

/** A measurement that saw failures cannot meet any goal. */
function clean(measurement: Measurement): boolean {
  return measurement.non2xx === 0 && measurement.errors === 0 && measurement.timeouts === 0 && measurement.requests > 0;
}

/** `measurement` serves at least `ratio` × the requests per second of `baseline`. */
export function throughputAtLeast(name: string, measurement: Measurement, baseline: Measurement, ratio: number): GoalResult {
  const actual = measurement.requestsPerSec / baseline.requestsPerSec;
  // interleaved rounds: round i of the target against round i of the baseline, measured minutes apart at most
  const mine = measurement.perRound?.requestsPerSec;
  const theirs = baseline.perRound?.requestsPerSec;
  const rounds = mine && theirs && mine.length === theirs.length ? mine.map((value, i) => round2(value / (theirs[i] ?? NaN))) : undefined;
  return {
    name,
    expected: `≥ ${fixed(ratio)} × ${baseline.label}`,
    actual: `${fixed(actual)} ×`,
    pass: clean(measurement) && clean(baseline) && actual >= ratio,
    value: round2(actual),
    unit: '×',
    better: 'higher',
    limit: ratio,
    ...(rounds ? { rounds } : {}),
  };
}

/** `measurement`'s p99 latency is at most `maxMs`. */
export function p99AtMost(name: string, measurement: Measurement, maxMs: number): GoalResult {
  return {
    name,
    expected: `p99 ≤ ${maxMs} ms`,
    actual: `${fixed(measurement.p99Ms, 3)} ms`,
    pass: clean(measurement) && measurement.p99Ms <= maxMs,
    value: measurement.p99Ms,
    unit: 'ms',
    better: 'lower',
    limit: maxMs,
    ...(measurement.perRound ? { rounds: measurement.perRound.p99Ms } : {}),
  };
}
