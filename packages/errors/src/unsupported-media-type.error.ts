import { AppError } from './app.error';

/** The body is not in a content type this route accepts. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(got: string | undefined, expected = 'application/json') {
    super('unsupported-media-type', {
      type: 'unsupported-media-type',
      detail: `Expected Content-Type ${expected}, got ${got ? JSON.stringify(got) : 'none'}`,
    });
  }
}
