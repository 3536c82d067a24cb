import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from './errors';
import type { Principal } from './principal';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';

/** Characters a bearer token may carry (RFC 6750 b64token), the same the kit accepts in `Authorization`. */
export const BEARER_TOKEN_PATTERN = /^[A-Za-z0-9._~+/-]+=*$/;

/** A service's break-glass admin token next to hr's tokens. */
export interface AdminTokenOrJwtOptions {
  /** Who the static token's caller is, e.g. `observer-admin-token` (its subject, in logs and attributions). */
  name: string;
  /** The static admin token from config; unset → only hr's tokens. */
  adminToken?: string;
  /** hr's JWKS; unset → only the static token. */
  jwksUrl?: string;
  /** The error when neither is configured (e.g. a 403 "clearing is disabled"). */
  disabled: () => Error;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A token verifier for operations services (observer, watchdog) that must stay manageable while hr is down: the static
 * admin token first (compared in constant time, also in length, as SHA-256 digests), standing for the role `admin`;
 * then hr's JWKS. Plug it in as the kit's `tokenVerifier`: the kit still checks the roles each route declares.
 */
export function createAdminTokenOrJwtVerifier(options: AdminTokenOrJwtOptions): TokenVerifier {
  const expected = options.adminToken ? digest(options.adminToken) : undefined;
  const jwt = options.jwksUrl ? createTokenVerifier({ jwksUrl: options.jwksUrl }) : undefined;
  const principal: Principal = Object.freeze({
    subject: options.name,
    kind: 'service',
    roles: Object.freeze(['admin'] as const),
    employeeId: null,
    email: null,
    tokenId: options.name,
    expiresAt: new Date(8_640_000_000_000_000),
  });
  return {
    async verify(token) {
      if (expected && timingSafeEqual(digest(token), expected)) return principal;
      if (jwt) return jwt.verify(token);
      if (!expected) throw options.disabled();
      throw new UnauthorizedError('a valid admin bearer token is required');
    },
  };
}

/** How an action is attributed (a silence's `createdBy`, a `cleared` event): the account's email, else its subject. */
export function callerName(principal: Principal): string {
  return principal.email ?? principal.subject;
}
