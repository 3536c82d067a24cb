import { ForbiddenError } from '@erp/errors';
import type { RequestTokenSource } from '@erp/service-kit';
import type { Request, Response } from 'express';
import type { HrTokens } from '../../data-access/hr-session.gateway';
import { currentToken, type CurrentToken, type SessionDeps, type StoredTokens } from '../../domain/admin-session.use-case';

// The dashboard session at the edge: hr's tokens live only in cookies the page's scripts cannot read (HttpOnly), that
// the browser sends only to the observer's own API (Path=/api/v1) and never on another site's requests
// (SameSite=Strict); Secure when the request came over https (directly or through a proxy that says so). Because a
// browser sends cookies by itself, a write authenticated by them must also carry `x-erp-csrf: 1` (which another site
// cannot add without a CORS preflight the observer never grants) and, when the browser names one, a same-origin Origin.

export const ACCESS_COOKIE = 'erp_observer_at';
export const REFRESH_COOKIE = 'erp_observer_rt';
const COOKIE_PATH = '/api/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The cookies of a request (the first of each name). */
function cookies(req: Request): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    if (!found.has(name)) found.set(name, part.slice(at + 1).trim());
  }
  return found;
}

/** The session tokens a request carries. */
export function storedTokens(req: Request): StoredTokens {
  const jar = cookies(req);
  const usable = (value: string | undefined) => (value && /^[A-Za-z0-9._~+/=-]{1,4096}$/.test(value) ? value : undefined);
  return { accessToken: usable(jar.get(ACCESS_COOKIE)), refreshToken: usable(jar.get(REFRESH_COOKIE)) };
}

/** Whether the browser reached the observer over https (itself, or a proxy's `X-Forwarded-Proto`). */
function overHttps(req: Request): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return req.secure || proto === 'https';
}

/** Whether `origin` is the observer itself, as the browser addressed it (Host, or a proxy's `X-Forwarded-Host`). */
function sameOrigin(origin: string, req: Request): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, some redirects) and anything else unparseable
  }
  if (url.protocol !== (overHttps(req) ? 'https:' : 'http:')) return false;
  const forwardedHost = req.headers['x-forwarded-host'];
  const hosts = [req.headers.host, ...(Array.isArray(forwardedHost) ? forwardedHost : (forwardedHost?.split(',') ?? []))];
  return hosts.some((host) => host !== undefined && host.trim().toLowerCase() === url.host);
}

/** Refuses (403) a write that a browser could have been made to send by another site. Reads pass. */
export function checkCsrf(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (req.headers['x-erp-csrf'] !== '1') {
    throw new ForbiddenError('A write from a signed-in browser needs the header x-erp-csrf: 1 (the dashboard sends it)');
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req))
    throw new ForbiddenError(`A write from another origin (${origin.slice(0, 200)}) is refused`);
}

/** Stores hr's tokens in the session cookies. */
export function setSessionCookies(req: Request, res: Response, tokens: HrTokens): void {
  const options = { httpOnly: true, sameSite: 'strict', secure: overHttps(req), path: COOKIE_PATH } as const;
  res.cookie(ACCESS_COOKIE, tokens.accessToken, { ...options, maxAge: tokens.expiresIn * 1000, encode: String });
  res.cookie(REFRESH_COOKIE, tokens.refreshToken, { ...options, maxAge: tokens.refreshExpiresIn * 1000, encode: String });
}

/** Tells the browser to forget the session cookies. */
export function clearSessionCookies(req: Request, res: Response): void {
  const options = { httpOnly: true, sameSite: 'strict', secure: overHttps(req), path: COOKIE_PATH } as const;
  res.clearCookie(ACCESS_COOKIE, options);
  res.clearCookie(REFRESH_COOKIE, options);
}

/** Applies the outcome of {@link currentToken} to the response (new cookies, or none) and returns the token to use. */
export function useCurrentToken(req: Request, res: Response, current: CurrentToken): string | undefined {
  if (current.kind === 'ended') clearSessionCookies(req, res);
  if (current.kind !== 'token') return undefined;
  if (current.renewed) setSessionCookies(req, res, current.renewed);
  res.locals.sessionAccessToken = current.accessToken;
  return current.accessToken;
}

/**
 * The kit's second token source (asked when a request has no Authorization header): the session cookie, renewed when
 * it runs out, with the CSRF check for writes. A request without session cookies gets the kit's usual 401.
 */
export function sessionTokenSource(deps: () => SessionDeps): RequestTokenSource {
  return async (req, res) => {
    const stored = storedTokens(req);
    if (!stored.accessToken && !stored.refreshToken) return undefined;
    checkCsrf(req);
    return useCurrentToken(req, res, await currentToken(deps(), stored));
  };
}
