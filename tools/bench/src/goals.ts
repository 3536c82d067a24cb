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

/** `measurement`'s p99 latency is at most `ratio` × `baseline`'s p99, both measured in the same run. */
export function p99RatioAtMost(name: string, measurement: Measurement, baseline: Measurement, ratio: number): GoalResult {
  const actual = measurement.p99Ms / baseline.p99Ms;
  const mine = measurement.perRound?.p99Ms;
  const theirs = baseline.perRound?.p99Ms;
  const rounds = mine && theirs && mine.length === theirs.length ? mine.map((value, i) => round2(value / (theirs[i] ?? NaN))) : undefined;
  return {
    name,
    expected: `p99 ≤ ${fixed(ratio)} × ${baseline.label}`,
    actual: `${fixed(actual)} × (${fixed(measurement.p99Ms, 3)} ms against ${fixed(baseline.p99Ms, 3)} ms)`,
    pass: clean(measurement) && clean(baseline) && actual <= ratio,
    value: round2(actual),
    unit: '×',
    better: 'lower',
    limit: ratio,
    ...(rounds ? { rounds } : {}),
  };
}
