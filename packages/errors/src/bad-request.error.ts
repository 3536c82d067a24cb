import { HttpError, type HttpErrorOptions } from './http.error';

/** 400: the request is malformed (e.g. invalid JSON). */
export class BadRequestError extends HttpError {
  constructor(detail: string, options: Omit<HttpErrorOptions, 'detail'> = {}) {
    super(400, { type: 'bad-request', ...options, detail });
  }
}
