/** Base of every problem type URI. */
export const PROBLEM_BASE = 'https://erp.example/problems/';

/**
 * What went wrong, in the application's terms. The edge (the service kit's problem middleware) maps each kind to a
 * status code once; code that throws these errors knows nothing of HTTP.
 */
export type ErrorKind =
  | 'bad-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rule-violated'
  | 'rate-limited'
  | 'unavailable';

/** Default title of each kind (a problem document's `title` when the error names none). */
const TITLES: Record<ErrorKind, string> = {
  'bad-request': 'Bad Request',
  unauthenticated: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not Found',
  conflict: 'Conflict',
  'precondition-failed': 'Precondition Failed',
  'too-large': 'Payload Too Large',
  'unsupported-media-type': 'Unsupported Media Type',
  'rule-violated': 'Unprocessable Entity',
  'rate-limited': 'Too Many Requests',
  unavailable: 'Service Unavailable',
};

/** What an {@link AppError} carries besides its kind. */
export interface AppErrorOptions {
  /** Problem type: a slug (`insufficient-stock` → `https://erp.example/problems/insufficient-stock`) or a full URI. */
  type?: string;
  /** Short, human-readable summary of the problem type (defaults to the kind's title). */
  title?: string;
  /** Explanation specific to this occurrence. */
  detail?: string;
  /** Extension members of the problem document (e.g. `{ skus: [...] }`). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/** An error the client can be told about: it becomes an RFC 9457 problem document at the edge. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, options: AppErrorOptions = {}) {
    const title = options.title ?? TITLES[kind];
    super(options.detail ?? title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    const type = options.type ?? kind;
    this.type = /^[a-z]+:/i.test(type) ? type : PROBLEM_BASE + type;
    this.title = title;
    this.detail = options.detail;
    this.extra = options.extra;
  }

  /** The problem document's members other than `status` and `instance`, which the edge adds. */
  toProblemFields(): Record<string, unknown> {
    return { ...this.extra, type: this.type, title: this.title, ...(this.detail === undefined ? {} : { detail: this.detail }) };
  }
}
