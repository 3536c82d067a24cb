import { isUniqueViolation } from '@erp/service-kit';
import type { EntityManager } from 'typeorm';

/** Runs an UPDATE … RETURNING and gives its rows (TypeORM's postgres driver answers UPDATE with `[rows, rowCount]`). */
export async function updateReturning<T>(m: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Runs a write; null instead of PostgreSQL's unique violation, so callers answer "already exists" in their own words. */
export async function unlessDuplicate<T>(write: () => Promise<T>): Promise<T | null> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
