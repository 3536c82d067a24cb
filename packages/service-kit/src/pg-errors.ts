import { QueryFailedError, type EntityManager } from 'typeorm';

/** SQLSTATE codes data access turns into domain errors (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const PG_ERROR = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  exclusionViolation: '23P01',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

/** The name of a SQLSTATE listed in `PG_ERROR`. */
export type PgErrorKind = keyof typeof PG_ERROR;

/** The parts of a PostgreSQL error that data access reads. */
export interface PgErrorInfo {
  /** SQLSTATE, e.g. `23505` (unique_violation). */
  code: string;
  /** The violated constraint's name, when PostgreSQL reports one. */
  constraint: string | undefined;
  /** The table the error is about, when PostgreSQL reports one. */
  table: string | undefined;
  /** The column the error is about (not-null violations), when PostgreSQL reports one. */
  column: string | undefined;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Returns the PostgreSQL error behind `error` (a TypeORM `QueryFailedError` or a `pg` error), else undefined. */
export function pgErrorOf(error: unknown): PgErrorInfo | undefined {
  const source: unknown = error instanceof QueryFailedError ? error.driverError : error;
  if (typeof source !== 'object' || source === null) return undefined;
  const { code, constraint, table, column } = source as Record<string, unknown>;
  if (typeof code !== 'string' || !SQLSTATE.test(code)) return undefined;
  return { code, constraint: text(constraint), table: text(table), column: text(column) };
}

/** True when `error` is a PostgreSQL error of `kind` (and, when given, on that constraint). */
export function isPgError(error: unknown, kind: PgErrorKind, constraint?: string): boolean {
  const pg = pgErrorOf(error);
  return pg !== undefined && pg.code === PG_ERROR[kind] && (constraint === undefined || pg.constraint === constraint);
}

/** True for a `unique_violation` (23505), optionally on one constraint. */
export const isUniqueViolation = (error: unknown, constraint?: string): boolean => isPgError(error, 'uniqueViolation', constraint);

/** True for a `foreign_key_violation` (23503), optionally on one constraint. */
export const isForeignKeyViolation = (error: unknown, constraint?: string): boolean => isPgError(error, 'foreignKeyViolation', constraint);

/** True for a `check_violation` (23514), optionally on one constraint. */
export const isCheckViolation = (error: unknown, constraint?: string): boolean => isPgError(error, 'checkViolation', constraint);

/** Runs a write; null instead of PostgreSQL's unique violation (on `constraint`, when given), so callers answer "already exists" in their own words. */
export async function unlessDuplicate<T>(write: () => Promise<T>, constraint?: string): Promise<T | null> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, constraint)) return null;
    throw error;
  }
}

/**
 * Runs an `UPDATE … RETURNING` (or `DELETE … RETURNING`) through TypeORM and gives its rows: TypeORM's postgres driver
 * answers those with `[rows, rowCount]`, a SELECT with the rows alone.
 */
export async function updateReturning<T>(m: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
