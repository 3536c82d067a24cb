import type { FieldError } from '@erp/errors';

/** Deepest nesting of objects and arrays accepted in a request (the fleet's documents are a few levels deep). */
export const MAX_INPUT_DEPTH = 32;

/** Most unsafe values reported for one request part (the rest are not looked for). */
const MAX_REPORTED = 20;

/** Why `text` may not enter the fleet (NUL, which PostgreSQL cannot store, or a lone surrogate), or undefined. */
export function unsafeStringReason(text: string): string | undefined {
  if (text.includes('\0')) return 'must not contain the NUL character (U+0000)';
  if (!text.isWellFormed()) return 'is not well-formed Unicode (lone surrogate)';
  return undefined;
}

/**
 * Walks a request part (params, query, headers or a parsed JSON body) without recursion and reports every string —
 * value or object key — that {@link unsafeStringReason} refuses, and anything nested deeper than
 * {@link MAX_INPUT_DEPTH}, as field errors with the dotted path. Returns true when it found any.
 */
export function findUnsafeInput(value: unknown, location: FieldError['in'], errors: FieldError[]): boolean {
  const before = errors.length;
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  const report = (path: string[], message: string) => errors.push({ field: path.join('.') || '(root)', message, in: location });
  while (pending.length > 0 && errors.length - before < MAX_REPORTED) {
    const { value: current, path } = pending.pop() as { value: unknown; path: string[] };
    if (typeof current === 'string') {
      const reason = unsafeStringReason(current);
      if (reason) report(path, reason);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      report(path, `is nested deeper than ${MAX_INPUT_DEPTH} levels`);
      continue;
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: [...path, String(i)] });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const reason = unsafeStringReason(key);
      if (reason) report([...path, key], `key ${reason}`);
      else pending.push({ value: item, path: [...path, key] });
    }
  }
  return errors.length > before;
}
