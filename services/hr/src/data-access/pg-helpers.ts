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

/** True when `id` is `startId` or lies on the chain of `parentColumn` links above it (a department's ancestors, a manager's managers). */
export async function isOnChainAbove(m: Pick<EntityManager, 'query'>, table: 'departments' | 'employees', parentColumn: 'parent_id' | 'manager_id', id: string, startId: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `WITH RECURSIVE up(id) AS (SELECT $2::uuid UNION SELECT t.${parentColumn} FROM ${table} t JOIN up ON t.id = up.id WHERE t.${parentColumn} IS NOT NULL)
     SELECT 1 FROM up WHERE id = $1 LIMIT 1`,
    [id, startId],
  );
  return rows.length > 0;
}
