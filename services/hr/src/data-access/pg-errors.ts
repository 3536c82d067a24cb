/** PostgreSQL error codes the domain turns into 409s. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** `unique_violation` (23505). */
export const isUniqueViolation = (error: unknown): boolean => pgErrorCode(error) === '23505';
