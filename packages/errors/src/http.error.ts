import { STATUS_CODES } from 'node:http';

/** Base of every problem type URI. */
export const PROBLEM_BASE = 'https://erp.example/problems/';

/** What an {@link HttpError} carries besides its status. */
export interface HttpErrorOptions {
  /** Problem type: a slug (`insufficient-stock` → `https://erp.example/problems/insufficient-stock`) or a full URI. */
  type?: string;
  /** Short, human-readable summary of the problem type (defaults to the status text). */
  title?: string;
  /** Explanation specific to this occurrence. */
  detail?: string;
  /** Extension members added to the problem document (e.g. `{ skus: [...] }`). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/** An error that becomes an RFC 9457 `application/problem+json` response with `status`. */
export class HttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(status: number, options: HttpErrorOptions = {}) {
    const title = options.title ?? STATUS_CODES[status] ?? 'Error';
    super(options.detail ?? title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    const type = options.type ?? slugOf(title);
    this.type = /^[a-z]+:/i.test(type) ? type : PROBLEM_BASE + type;
    this.title = title;
    this.detail = options.detail;
    this.extra = options.extra;
  }

  /** The problem document (without `instance`, which the middleware adds). */
  toProblem(): Record<string, unknown> {
    return { ...this.extra, type: this.type, title: this.title, status: this.status, ...(this.detail === undefined ? {} : { detail: this.detail }) };
  }
}

/** "Payload Too Large" → "payload-too-large". */
function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
