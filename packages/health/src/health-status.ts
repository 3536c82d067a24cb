/** The three statuses of draft-inadarei-api-health-check, in order of severity. */
export type HealthStatus = 'pass' | 'warn' | 'fail';

const SEVERITY: Record<HealthStatus, number> = { pass: 0, warn: 1, fail: 2 };

/** Every status spelling the draft allows (and common aliases), mapped to pass / warn / fail. */
const ALIASES: Readonly<Record<string, HealthStatus>> = {
  pass: 'pass',
  ok: 'pass',
  up: 'pass',
  warn: 'warn',
  fail: 'fail',
  error: 'fail',
  down: 'fail',
};

/** The accepted spellings, for error messages and documentation. */
export const ACCEPTED_STATUS_SPELLINGS = Object.keys(ALIASES);

/** Maps a draft status spelling (case-insensitive: "UP", "ok", "error" …) to pass / warn / fail; undefined if unknown. */
export function normalizeHealthStatus(raw: string): HealthStatus | undefined {
  return ALIASES[raw.trim().toLowerCase()];
}

/** The more severe of two statuses. */
export function worseStatus(a: HealthStatus, b: HealthStatus): HealthStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** HTTP status code for a health status: 200 for pass and warn, 503 for fail. */
export function httpStatusFor(status: HealthStatus): 200 | 503 {
  return status === 'fail' ? 503 : 200;
}
