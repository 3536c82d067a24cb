/** Small PostgreSQL helpers: error codes the domain turns into 409s, UPDATE … RETURNING rows. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** `unique_violation` (23505). */
export const isUniqueViolation = (error: unknown): boolean => pgErrorCode(error) === '23505';

/** Runs an UPDATE … RETURNING and gives its rows (TypeORM's postgres driver answers UPDATE with `[rows, rowCount]`). */
export async function updateReturning<T>(m: { query(sql: string, params?: unknown[]): Promise<unknown> }, sql: string, params: unknown[]): Promise<T[]> {
  const result = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
