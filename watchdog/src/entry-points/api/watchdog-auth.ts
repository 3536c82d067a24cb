import { createAdminTokenOrJwtVerifier, type TokenVerifier } from '@erp/auth';
import { ForbiddenError } from '@erp/errors';

/**
 * Who may call the watchdog's write route. Routes declare `auth` through the kit as everywhere in the fleet; a valid
 * bearer token is an hr access token (hr's JWKS), or the break-glass `WATCHDOG_ADMIN_TOKEN`, which stands for the role
 * `admin` and keeps working while hr is down.
 */

/** Clearing a give-up mark: admins only. */
export const ADMINS = { roles: ['admin'] } as const;

/** The watchdog's token verifier; with neither a static token nor hr, clearing is disabled (403). */
export function createWatchdogTokenVerifier(options: { adminToken?: string; jwksUrl?: string }): TokenVerifier {
  return createAdminTokenOrJwtVerifier({
    name: 'watchdog-admin-token',
    ...options,
    disabled: () => new ForbiddenError('clearing is disabled: neither WATCHDOG_ADMIN_TOKEN nor HR_URL is set'),
  });
}
