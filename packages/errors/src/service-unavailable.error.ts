import { HttpError } from './http.error';

/** 503: a dependency is unavailable (circuit open, timed out, failing) or the service is draining. */
export class ServiceUnavailableError extends HttpError {
  constructor(detail = 'Service temporarily unavailable', extra?: Record<string, unknown>, cause?: unknown) {
    super(503, { type: 'service-unavailable', detail, extra, cause });
  }
}
