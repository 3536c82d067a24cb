import { createHash, timingSafeEqual } from 'node:crypto';
import { createTokenVerifier, type Principal, type TokenVerifier } from '@erp/auth';
import { ForbiddenError, UnauthorizedError } from '@erp/service-kit';

/**
 * Who may call the watchdog's write route. Routes declare `auth` through the kit as everywhere in the fleet; this
 * file only decides what counts as a valid bearer token for the watchdog: an hr access token (verified against hr's
 * JWKS), or the break-glass `WATCHDOG_ADMIN_TOKEN`, which stands for the role `admin` and keeps working while hr is
 * down. Plugged in as the kit's `tokenVerifier`, so the kit checks the roles and answers 401/403 before the handler.
 */

/** Clearing a give-up mark: admins only. */
export const ADMINS = { roles: ['admin'] } as const;

/** The caller behind `WATCHDOG_ADMIN_TOKEN`: an admin that is no account in hr. */
export const ADMIN_TOKEN_PRINCIPAL: Principal = Object.freeze({
  subject: 'watchdog-admin-token',
  kind: 'service',
  roles: Object.freeze(['admin'] as const),
  employeeId: null,
  email: null,
  tokenId: 'watchdog-admin-token',
  expiresAt: new Date(8_640_000_000_000_000),
});

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The watchdog's token verifier: the static admin token first (compared in constant time, also in length, as
 * SHA-256 digests), then hr's JWKS when `jwksUrl` is set. With neither, clearing is disabled: 403.
 */
export function createWatchdogTokenVerifier(options: { adminToken?: string; jwksUrl?: string }): TokenVerifier {
  const expected = options.adminToken ? digest(options.adminToken) : undefined;
  const jwt = options.jwksUrl ? createTokenVerifier({ jwksUrl: options.jwksUrl }) : undefined;
  return {
    async verify(token) {
      if (expected && timingSafeEqual(digest(token), expected)) return ADMIN_TOKEN_PRINCIPAL;
      if (jwt) return jwt.verify(token);
      if (!expected) throw new ForbiddenError('clearing is disabled: neither WATCHDOG_ADMIN_TOKEN nor HR_URL is set');
      throw new UnauthorizedError('a valid admin bearer token is required');
    },
  };
}

/** How an action is attributed (e.g. a `cleared` event): the account's email, else its subject. */
export function callerName(principal: Principal): string {
  return principal.email ?? principal.subject;
}
