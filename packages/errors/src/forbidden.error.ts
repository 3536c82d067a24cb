import { HttpError } from './http.error';

/** 403: authenticated, but not allowed to do this. */
export class ForbiddenError extends HttpError {
  constructor(detail = 'You are not allowed to do this') {
    super(403, { type: 'forbidden', detail });
  }
}
