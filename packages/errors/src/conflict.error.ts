import { AppError } from './app.error';

/** The request conflicts with the current state (duplicate sku, insufficient stock, …). Pass `type` for a specific problem. */
export class ConflictError extends AppError {
  constructor(detail: string, extra?: Record<string, unknown>, options: { type?: string; title?: string } = {}) {
    super('conflict', { type: options.type ?? 'conflict', title: options.title, detail, extra });
  }
}
