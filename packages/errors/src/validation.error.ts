import { HttpError } from './http.error';

/** One invalid field: `field` is a dotted path (`lines.0.quantity`), `in` where it was found. */
export interface FieldError {
  field: string;
  message: string;
  in?: 'body' | 'query' | 'params' | 'headers';
}

/** 400 with `type …/validation` and an `errors` array naming each invalid field. */
export class ValidationError extends HttpError {
  readonly errors: FieldError[];

  constructor(errors: FieldError[], detail?: string) {
    const fields = [...new Set(errors.map((e) => e.field))];
    super(400, {
      type: 'validation',
      title: 'Validation failed',
      detail: detail ?? `Invalid ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}`,
      extra: { errors },
    });
    this.errors = errors;
  }
}
