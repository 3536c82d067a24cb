import { AppError } from './app.error';

/** The request body is larger than the limit (BODY_LIMIT). */
export class PayloadTooLargeError extends AppError {
  constructor(limit?: string | number) {
    super('too-large', {
      type: 'payload-too-large',
      detail: limit === undefined ? 'Request body is too large' : `Request body is larger than the limit of ${limit}`,
    });
  }
}
