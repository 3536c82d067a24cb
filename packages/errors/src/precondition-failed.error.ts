import { AppError } from './app.error';

/** A version the caller names (`If-Match`) is no longer current: someone else changed the resource. */
export class PreconditionFailedError extends AppError {
  constructor(what: string, currentVersion: number) {
    super('precondition-failed', {
      type: 'precondition-failed',
      detail: `${what} has changed: current version is ${currentVersion}; re-read it and retry`,
      extra: { currentVersion },
    });
  }
}
