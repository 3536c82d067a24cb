/** Who is calling: the identity carried by a verified access token. */

/** Roles of staff accounts. */
export const STAFF_ROLES = ['admin', 'hr', 'manager', 'employee'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * A role a route may require. Service accounts carry `service` and `service:<clientId>`
 * (e.g. `service:orders`), so a route can admit any service or exactly one.
 */
export type Role = StaffRole | 'service' | `service:${string}`;

/** Issuer and audience of every token in the fleet. */
export const TOKEN_ISSUER = 'erp-hr';
export const TOKEN_AUDIENCE = 'erp';

/** The verified caller. */
export interface Principal {
  /** Token subject: the account id of a person, or the client id of a service. */
  subject: string;
  kind: 'user' | 'service';
  roles: readonly Role[];
  /** The employee behind a staff account (null for services). */
  employeeId: string | null;
  email: string | null;
  /** The token's `jti`. */
  tokenId: string;
  expiresAt: Date;
}

/** The claims hr puts into an access token besides the registered ones (iss, aud, sub, iat, exp, jti). */
export interface AccessTokenClaims {
  kind: 'user' | 'service';
  roles: Role[];
  emp?: string;
  email?: string;
}

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' &&
  ((STAFF_ROLES as readonly string[]).includes(value) || value === 'service' || /^service:[a-z0-9-]{1,64}$/.test(value));

/** Builds a principal from a verified JWT payload; null when the payload lacks what every fleet token carries. */
export function principalFromPayload(payload: Record<string, unknown>): Principal | null {
  const { sub, kind, roles, emp, email, jti, exp } = payload;
  if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') return null;
  if (kind !== 'user' && kind !== 'service') return null;
  if (!Array.isArray(roles) || !roles.every(isRole)) return null;
  if (kind === 'user' && typeof emp !== 'string') return null;
  return {
    subject: sub,
    kind,
    roles,
    employeeId: typeof emp === 'string' ? emp : null,
    email: typeof email === 'string' ? email : null,
    tokenId: jti,
    expiresAt: new Date(exp * 1000),
  };
}

/** True when the principal has at least one of the roles. */
export function hasRole(principal: Principal, ...roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}
