import { AppError, TooManyRequestsError, type ErrorKind } from '@erp/errors';

/** What the kit's HTTP client answers (an axios response), as far as it matters here. */
export interface UpstreamResponse {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

const KIND_OF_STATUS: Record<number, ErrorKind> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'too-large',
  415: 'unsupported-media-type',
  422: 'rule-violated',
  429: 'rate-limited',
};

const text = (value: unknown, max = 500): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value.slice(0, max) : undefined;

/**
 * Another member's 4xx problem as the observer's own error, so that the caller sees what hr or theme said (its status,
 * type, title, detail, field errors, Retry-After) and not a generic 502. Anything unexpected becomes 503.
 */
export function upstreamProblem(member: string, response: UpstreamResponse): AppError {
  const problem = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as Record<string, unknown>;
  const detail = text(problem.detail) ?? `${member} answered ${response.status}`;
  if (response.status === 429) {
    const header = Number(response.headers['retry-after']);
    const retryAfter = Number.isFinite(header) && header > 0 ? Math.ceil(header) : Number(problem.retryAfterSeconds) || 1;
    return new TooManyRequestsError(retryAfter, { type: text(problem.type, 200), title: text(problem.title, 200), detail });
  }
  const kind = KIND_OF_STATUS[response.status];
  if (!kind) return new AppError('unavailable', { type: 'service-unavailable', detail: `${member} answered ${response.status}` });
  const errors = Array.isArray(problem.errors) ? { errors: problem.errors.slice(0, 50) } : undefined;
  return new AppError(kind, { type: text(problem.type, 200), title: text(problem.title, 200), detail, extra: errors });
}
