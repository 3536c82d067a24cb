import { AppError } from './app.error';

/** Authenticated, but not allowed to do this. */
export class ForbiddenError extends AppError {
  constructor(detail = 'You are not allowed to do this') {
    super('forbidden', { type: 'forbidden', detail });
  }
}
