import { HttpError } from './http.error';

/** 404: `what` (e.g. "Product") with `id` does not exist. */
export class NotFoundError extends HttpError {
  constructor(what: string, id?: string | number) {
    super(404, { type: 'not-found', detail: id === undefined ? `${what} not found` : `${what} ${JSON.stringify(id)} not found`, extra: { resource: what } });
  }
}
