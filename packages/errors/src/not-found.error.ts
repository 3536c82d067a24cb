import { AppError } from './app.error';

/** `what` (e.g. "Product") with `id` does not exist. */
export class NotFoundError extends AppError {
  constructor(what: string, id?: string | number) {
    super('not-found', {
      type: 'not-found',
      detail: id === undefined ? `${what} not found` : `${what} ${JSON.stringify(id)} not found`,
      extra: { resource: what },
    });
  }
}
