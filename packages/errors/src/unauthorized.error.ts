import { AppError } from './app.error';

/** Missing or invalid credentials. */
export class UnauthorizedError extends AppError {
  constructor(detail = 'Authentication is required') {
    super('unauthenticated', { type: 'unauthorized', detail });
  }
}
