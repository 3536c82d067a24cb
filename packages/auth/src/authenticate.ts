import type { IncomingHttpHeaders } from 'node:http';
import { ForbiddenError, UnauthorizedError } from './errors';
import { hasRole, type Principal, type Role } from './principal';
import type { TokenVerifier } from './token-verifier';

/** Who may call a route: anyone, or callers holding at least one of `roles`. */
export type RouteAuth = 'public' | { roles: readonly Role[] };

/** The `RouteAuth` admitting callers who hold at least one of `list` (an access policy's building block). */
export const roles = (...list: Role[]): { readonly roles: readonly Role[] } => ({ roles: list });

/** The token of an `Authorization: Bearer …` header, or undefined when there is none. 401 for any other scheme or a malformed value. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('The Authorization header must be "Bearer <access token>"');
  return match[1];
}

/** Verifies the request's bearer token: 401 when it is missing, expired or invalid. */
export async function authenticate(verifier: TokenVerifier, headers: IncomingHttpHeaders): Promise<Principal> {
  const token = bearerToken(headers);
  if (token === undefined) throw new UnauthorizedError('Authentication is required');
  return verifier.verify(token);
}

/** 403 unless the principal has at least one of the roles. */
export function requireRole(principal: Principal, ...roles: readonly Role[]): Principal {
  if (!hasRole(principal, ...roles)) throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}`);
  return principal;
}

/**
 * Applies a route's declaration: `'public'` → null (no token needed, none checked);
 * `{ roles }` → the verified principal (401 without a valid token, 403 without one of the roles).
 */
export async function authorize(verifier: TokenVerifier, headers: IncomingHttpHeaders, auth: RouteAuth): Promise<Principal | null> {
  if (auth === 'public') return null;
  return requireRole(await authenticate(verifier, headers), ...auth.roles);
}
