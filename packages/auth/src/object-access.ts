import { NotFoundError } from './errors';
import { hasRole, type Principal, type Role } from './principal';

/**
 * Object-level checks (OWASP API1): a caller who may not see an object gets the same 404 as for an
 * object that does not exist, so ids of other people's records leak nothing.
 */

/** True when the principal is the employee `ownerEmployeeId` or holds one of `privileged` roles. */
export function ownsOrHasRole(principal: Principal, ownerEmployeeId: string | null, ...privileged: readonly Role[]): boolean {
  return (ownerEmployeeId !== null && principal.employeeId === ownerEmployeeId) || hasRole(principal, ...privileged);
}

/** Returns `object` when `allowed(object)`; otherwise (or when it is null) throws 404 `what id not found`. */
export function visibleOr404<T>(object: T | null | undefined, allowed: (object: T) => boolean, what: string, id: string): T {
  if (object === null || object === undefined || !allowed(object)) throw new NotFoundError(what, id);
  return object;
}
