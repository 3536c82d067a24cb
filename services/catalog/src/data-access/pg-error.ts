import { QueryFailedError } from 'typeorm';

/** The parts of a PostgreSQL error that data access turns into domain errors. */
export interface PgErrorInfo {
  /** SQLSTATE, e.g. `23505` unique_violation, `23503` foreign_key_violation. */
  code: string;
  constraint: string | undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

/** Returns code and constraint when `error` is a failed PostgreSQL query, else undefined. */
export function pgErrorOf(error: unknown): PgErrorInfo | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError: unknown = error.driverError;
  if (typeof driverError !== 'object' || driverError === null) return undefined;
  const { code, constraint } = driverError as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return undefined;
  return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
}
