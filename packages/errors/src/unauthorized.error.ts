import { HttpError } from './http.error';

/** 401: missing or invalid credentials. */
export class UnauthorizedError extends HttpError {
  constructor(detail = 'Authentication is required') {
    super(401, { type: 'unauthorized', detail });
  }
}
