import { AppError } from './app.error';

/** A dependency is unavailable (circuit open, timed out, failing) or the service is draining. */
export class ServiceUnavailableError extends AppError {
  constructor(detail = 'Service temporarily unavailable', extra?: Record<string, unknown>, cause?: unknown) {
    super('unavailable', { type: 'service-unavailable', detail, extra, cause });
  }
}
