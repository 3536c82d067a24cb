import { AppError, type AppErrorOptions } from './app.error';

/** Too many attempts: try again after `retryAfterSeconds` (sent as `Retry-After` and in the problem document). */
export class TooManyRequestsError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, options: Omit<AppErrorOptions, 'extra'> = {}) {
    super('rate-limited', { type: 'too-many-requests', ...options, extra: { retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
