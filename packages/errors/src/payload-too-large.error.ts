import { HttpError } from './http.error';

/** 413: the request body is larger than BODY_LIMIT. */
export class PayloadTooLargeError extends HttpError {
  constructor(limit?: string | number) {
    super(413, { type: 'payload-too-large', detail: limit === undefined ? 'Request body is too large' : `Request body is larger than the limit of ${limit}` });
  }
}
