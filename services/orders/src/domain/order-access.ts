import { hasRole, visibleOr404, type Principal, type Role } from '@erp/auth';

/**
 * Object-level rules (OWASP API1). Orders and carts name a customer and what they bought, so a caller sees only
 * what they placed themselves; managers and admins see every order and cart. Someone else's order or cart
 * answers 404, exactly like a missing one.
 */
export const SEES_ALL: readonly Role[] = ['admin', 'manager'];

/** Whether the caller may see an order or cart placed by `placedBy`. */
export const maySee = (caller: Principal, placedBy: string | null): boolean => placedBy === caller.subject || hasRole(caller, ...SEES_ALL);

/** The object, or 404 when it is missing or the caller may not see it. */
export const visibleTo = <T extends { placedBy: string | null }>(
  caller: Principal,
  object: T | null | undefined,
  what: string,
  id: string,
): T => visibleOr404(object, (o) => maySee(caller, o.placedBy), what, id);

/** The placer filter of a list: none for those who see all, else the caller. */
export const placerFilter = (caller: Principal): string | undefined => (hasRole(caller, ...SEES_ALL) ? undefined : caller.subject);
