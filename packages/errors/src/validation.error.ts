import { AppError } from './app.error';

/** One invalid field: `field` is a dotted path (`lines.0.quantity`), `in` where it was found. */
export interface FieldError {
  field: string;
  message: string;
  in?: 'body' | 'query' | 'params' | 'headers';
}

/** Invalid input: `type …/validation` and an `errors` array naming each invalid field. */
export class ValidationError extends AppError {
  readonly errors: FieldError[];

  constructor(errors: FieldError[], detail?: string) {
    const fields = [...new Set(errors.map((e) => e.field))];
    super('bad-request', {
      type: 'validation',
      title: 'Validation failed',
      detail: detail ?? `Invalid ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}`,
      extra: { errors },
    });
    this.errors = errors;
  }
}
