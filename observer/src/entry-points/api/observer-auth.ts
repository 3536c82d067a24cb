import { createHash, timingSafeEqual } from 'node:crypto';
import { createTokenVerifier, type Principal, type TokenVerifier } from '@erp/auth';
import { UnauthorizedError } from '@erp/service-kit';

/**
 * Who may call the observer's write routes. Routes declare `auth` through the kit as everywhere in the fleet;
 * this file only decides what counts as a valid bearer token for the observer: an hr access token (verified
 * against hr's JWKS), or the break-glass `OBSERVER_ADMIN_TOKEN` from the config, which stands for the role `admin`.
 * It is plugged in as the kit's `tokenVerifier`, so the kit still checks roles, answers 401/403 before the body is
 * read, and documents the routes in OpenAPI.
 */

/** Silences, maintenance, reports on demand: admins only. */
export const ADMINS = { roles: ['admin'] } as const;
/** The event log: admins and the watchdog's service account. */
export const EVENT_REPORTERS = { roles: ['admin', 'service:watchdog'] } as const;

/** The caller behind `OBSERVER_ADMIN_TOKEN`: an admin that is no account in hr. */
export const ADMIN_TOKEN_PRINCIPAL: Principal = Object.freeze({
  subject: 'observer-admin-token',
  kind: 'service',
  roles: Object.freeze(['admin'] as const),
  employeeId: null,
  email: null,
  tokenId: 'observer-admin-token',
  expiresAt: new Date(8_640_000_000_000_000),
});

/** Characters a bearer token may carry (RFC 6750 b64token), the same the kit accepts in `Authorization`. */
export const BEARER_TOKEN_PATTERN = /^[A-Za-z0-9._~+/-]+=*$/;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The observer's token verifier: the static admin token first (compared in constant time, also in length, so it
 * keeps working while hr is down), then hr's JWKS when `jwksUrl` is set. With neither, every token is refused.
 */
export function createObserverTokenVerifier(options: { adminToken?: string; jwksUrl?: string }): TokenVerifier {
  const expected = options.adminToken === undefined ? undefined : digest(options.adminToken);
  const jwt = options.jwksUrl ? createTokenVerifier({ jwksUrl: options.jwksUrl }) : undefined;
  return {
    async verify(token) {
      if (expected && timingSafeEqual(digest(token), expected)) return ADMIN_TOKEN_PRINCIPAL;
      if (jwt) return jwt.verify(token);
      if (!expected) throw new UnauthorizedError('write routes are disabled: neither OBSERVER_ADMIN_TOKEN nor HR_URL is set');
      throw new UnauthorizedError('a valid admin bearer token is required');
    },
  };
}

/** How a write is attributed (e.g. a silence's `createdBy`): the account's email, else its subject. */
export function callerName(principal: Principal): string {
  return principal.email ?? principal.subject;
}
