import { AppError, type AppErrorOptions } from './app.error';

/** The request is malformed (e.g. invalid JSON, a path that is not valid %-encoding). */
export class BadRequestError extends AppError {
  constructor(detail: string, options: Omit<AppErrorOptions, 'detail'> = {}) {
    super('bad-request', { type: 'bad-request', ...options, detail });
  }
}
