import { HttpError } from './http.error';

/** 409: the request conflicts with the current state (duplicate sku, insufficient stock, …). Pass `type` for a specific problem. */
export class ConflictError extends HttpError {
  constructor(detail: string, extra?: Record<string, unknown>, options: { type?: string; title?: string } = {}) {
    super(409, { type: options.type ?? 'conflict', title: options.title, detail, extra });
  }
}
