import type { EntityManager } from 'typeorm';

/** True when `id` is `startId` or lies on the chain of `parentColumn` links above it (a department's ancestors, a manager's managers). */
export async function isOnChainAbove(
  m: Pick<EntityManager, 'query'>,
  table: 'departments' | 'employees',
  parentColumn: 'parent_id' | 'manager_id',
  id: string,
  startId: string,
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `WITH RECURSIVE up(id) AS (SELECT $2::uuid UNION SELECT t.${parentColumn} FROM ${table} t JOIN up ON t.id = up.id WHERE t.${parentColumn} IS NOT NULL)
     SELECT 1 FROM up WHERE id = $1 LIMIT 1`,
    [id, startId],
  );
  return rows.length > 0;
}
