import { HttpError } from '@erp/service-kit';

/** 412: `If-Match` names a version that is no longer current (someone else changed the resource). */
export class PreconditionFailedError extends HttpError {
  constructor(what: string, currentVersion: number) {
    super(412, {
      type: 'precondition-failed',
      detail: `${what} has changed: current version is ${currentVersion}; re-read it and retry`,
      extra: { currentVersion },
    });
  }
}
