import { createAdminTokenOrJwtVerifier, type TokenVerifier } from '@erp/auth';
import { UnauthorizedError } from '@erp/errors';

/**
 * Who may call the observer's write routes. Routes declare `auth` through the kit as everywhere in the fleet; a valid
 * bearer token is an hr access token (hr's JWKS), or the break-glass `OBSERVER_ADMIN_TOKEN` from the config, which
 * stands for the role `admin` and keeps working while hr is down.
 */

/** Silences, maintenance, reports on demand: admins only. */
export const ADMINS = { roles: ['admin'] } as const;
/** The event log: admins and the watchdog's service account. */
export const EVENT_REPORTERS = { roles: ['admin', 'service:watchdog'] } as const;

/** The observer's token verifier; with neither a static token nor hr, every write is refused (401). */
export function createObserverTokenVerifier(options: { adminToken?: string; jwksUrl?: string }): TokenVerifier {
  return createAdminTokenOrJwtVerifier({
    name: 'observer-admin-token',
    ...options,
    disabled: () => new UnauthorizedError('write routes are disabled: neither OBSERVER_ADMIN_TOKEN nor HR_URL is set'),
  });
}
