import { AppError } from './app.error';

/** Well-formed and valid, but breaks a business rule. Pass `type` for a specific problem. */
export class UnprocessableError extends AppError {
  constructor(detail: string, extra?: Record<string, unknown>, options: { type?: string; title?: string } = {}) {
    super('rule-violated', { type: options.type ?? 'unprocessable', title: options.title, detail, extra });
  }
}
