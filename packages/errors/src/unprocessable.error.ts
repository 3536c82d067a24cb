import { HttpError } from './http.error';

/** 422: well-formed and valid, but breaks a business rule. Pass `type` for a specific problem. */
export class UnprocessableError extends HttpError {
  constructor(detail: string, extra?: Record<string, unknown>, options: { type?: string; title?: string } = {}) {
    super(422, { type: options.type ?? 'unprocessable', title: options.title, detail, extra });
  }
}
