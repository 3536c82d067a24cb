import type { z } from 'zod';
import type { FieldError } from '@erp/errors';

/**
 * Flattens zod issues to one `{ field, message, in }` per problem: unknown keys become one entry each, and a
 * missing value reads "is required" (when parsed with `reportInput: true`).
 */
export function fieldErrorsFromZod(issues: readonly z.core.$ZodIssue[], location: FieldError['in']): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: [...base, key].join('.'), message: 'unknown field', in: location });
      continue;
    }
    const missing = issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined;
    errors.push({ field: base.join('.') || '(root)', message: missing ? 'is required' : issue.message, in: location });
  }
  return errors;
}
