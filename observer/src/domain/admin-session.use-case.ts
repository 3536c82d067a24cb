import type { Principal, TokenVerifier } from '@erp/auth';
import { AppError, ForbiddenError, ServiceUnavailableError, UnauthorizedError } from '@erp/errors';
import type { HrSessionGateway, HrTokens } from '../data-access/hr-session.gateway';
import type { ThemePreferenceGateway } from '../data-access/theme-preference.gateway';

// A person signs in to the dashboard with their hr account; the observer holds hr's tokens for them (the edge keeps
// them in HttpOnly cookies, never in the page) and refreshes the access token when it runs out. Reading stays public;
// every action needs the role admin, checked by the kit like for a bearer token.

/** What the session use-cases need: hr (unset → signing in is off), theme (unset → no preference), the token verifier. */
export interface SessionDeps {
  hr: HrSessionGateway | null;
  theme: ThemePreferenceGateway | null;
  verifier: TokenVerifier;
  signedOut: SignedOutTokens;
}

/**
 * Access tokens of sessions that signed out, until they expire. hr revokes the refresh token at sign-out, but an access
 * token is a JWT that stays valid until its `exp`: without this list a copy of the cookie would keep working for up to
 * hr's access-token lifetime. In memory: the observer runs as one instance.
 */
export class SignedOutTokens {
  private readonly until = new Map<string, number>();

  add(accessToken: string): void {
    const claims = unverifiedClaims(accessToken);
    if (!claims?.jti) return;
    const now = Date.now();
    for (const [jti, expires] of this.until) if (expires < now) this.until.delete(jti);
    // exp plus the verifier's clock tolerance; a token without exp is kept for a day.
    this.until.set(claims.jti, (claims.exp ?? now / 1000 + 86_400) * 1000 + 60_000);
  }

  has(accessToken: string): boolean {
    const jti = unverifiedClaims(accessToken)?.jti;
    return jti !== undefined && this.until.has(jti);
  }
}

export interface SessionUser {
  /** hr's account id (the token subject; theme keys preferences by it). */
  id: string;
  email: string | null;
  name: string;
  roles: string[];
}

/** What GET /api/v1/session answers. */
export interface SessionView {
  user: SessionUser | null;
  /** The user's theme preference as theme answers it; null when signed out or theme does not answer. */
  preference: unknown;
}

/** The tokens a request carries (from its cookies). */
export interface StoredTokens {
  accessToken?: string;
  refreshToken?: string;
}

/** The access token to use for a request: as carried, renewed (store the new pair), or none (`ended`: forget the cookies). */
export type CurrentToken = { kind: 'none' } | { kind: 'ended' } | { kind: 'token'; accessToken: string; renewed: HrTokens | null };

/** An access token this close to its expiry is renewed before use (so it cannot run out on its way through the kit). */
const RENEW_BEFORE_MS = 5_000;

export const SIGNED_OUT: SessionView = Object.freeze({ user: null, preference: null });

function hrOf(deps: SessionDeps): HrSessionGateway {
  if (!deps.hr) throw new ServiceUnavailableError('Signing in is not configured: the observer has no HR_URL');
  return deps.hr;
}

/** `exp` and `jti` of a JWT, read without verifying it: only to decide to renew or refuse it (the kit verifies it). */
function unverifiedClaims(token: string): { exp?: number; jti?: string } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown; jti?: unknown };
    return {
      ...(typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
      ...(typeof claims.jti === 'string' ? { jti: claims.jti } : {}),
    };
  } catch {
    return null;
  }
}

/** Email + password → hr's tokens and the session as the page shows it. hr's 401 and 429 (with Retry-After) pass through. */
export async function signIn(deps: SessionDeps, email: string, password: string): Promise<{ tokens: HrTokens; view: SessionView }> {
  const tokens = await hrOf(deps).login(email, password);
  return { tokens, view: await describeSession(deps, tokens.accessToken) };
}

/**
 * The access token to use now: the stored one while it is valid for a little longer, else a new one from hr's refresh
 * token (hr rotates it: the caller must store the new pair). A refresh token hr no longer accepts ends the session.
 */
export async function currentToken(deps: SessionDeps, stored: StoredTokens): Promise<CurrentToken> {
  const { accessToken, refreshToken } = stored;
  if (!accessToken && !refreshToken) return { kind: 'none' };
  if (accessToken && deps.signedOut.has(accessToken)) return { kind: 'ended' };
  const exp = accessToken ? unverifiedClaims(accessToken)?.exp : undefined;
  const expiresAt = exp === undefined ? null : exp * 1000;
  if (accessToken && (expiresAt === null || expiresAt - Date.now() > RENEW_BEFORE_MS || !refreshToken)) {
    return { kind: 'token', accessToken, renewed: null };
  }
  try {
    const renewed = await hrOf(deps).refresh(refreshToken as string);
    return { kind: 'token', accessToken: renewed.accessToken, renewed };
  } catch (error) {
    if (error instanceof UnauthorizedError || (error instanceof AppError && error.kind === 'unauthenticated')) return { kind: 'ended' };
    throw error;
  }
}

/** Who the token belongs to (name from hr, falling back to the email) and their theme preference; signed out for a bad token. */
export async function describeSession(deps: SessionDeps, accessToken: string | undefined): Promise<SessionView> {
  if (!accessToken) return SIGNED_OUT;
  let principal: Principal;
  try {
    principal = await deps.verifier.verify(accessToken);
  } catch (error) {
    if (error instanceof AppError && error.kind === 'unauthenticated') return SIGNED_OUT;
    throw error;
  }
  // Only people sign in here; the break-glass token or a service account in a cookie is no session.
  if (principal.kind !== 'user' || !principal.employeeId) return SIGNED_OUT;
  const [name, preference] = await Promise.all([
    deps.hr?.employeeName(accessToken, principal.employeeId).catch(() => null) ?? null,
    deps.theme?.get(accessToken, principal.subject) ?? null,
  ]);
  return {
    user: {
      id: principal.subject,
      email: principal.email,
      name: name ?? principal.email ?? principal.subject,
      roles: [...principal.roles],
    },
    preference: preference ?? null,
  };
}

/** Ends the session: hr revokes the refresh token's family, the access token is refused here until it expires. hr down does not keep anyone signed in. */
export async function signOut(deps: SessionDeps, stored: StoredTokens): Promise<void> {
  if (stored.accessToken) deps.signedOut.add(stored.accessToken);
  const { refreshToken } = stored;
  if (!refreshToken || !deps.hr) return;
  await deps.hr.logout(refreshToken).catch(() => undefined);
}

/** Stores the user's theme preference at theme (its PUT) with their own token; theme's answer, or its refusal. */
export async function savePreference(deps: SessionDeps, principal: Principal, accessToken: string, preference: unknown): Promise<unknown> {
  // The break-glass token and service accounts are nobody's: theme keeps preferences of people only.
  if (principal.kind !== 'user') throw new ForbiddenError('Only a signed-in person has a theme preference');
  if (!deps.theme) throw new ServiceUnavailableError('Theme preferences are not configured: the observer has no THEME_URL');
  return deps.theme.put(accessToken, principal.subject, preference);
}
