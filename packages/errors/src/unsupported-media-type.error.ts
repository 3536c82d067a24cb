import { HttpError } from './http.error';

/** 415: the body is not in a content type this route accepts. */
export class UnsupportedMediaTypeError extends HttpError {
  constructor(got: string | undefined, expected = 'application/json') {
    super(415, { type: 'unsupported-media-type', detail: `Expected Content-Type ${expected}, got ${got ? JSON.stringify(got) : 'none'}` });
  }
}
