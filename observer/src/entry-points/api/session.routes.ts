import type { TokenVerifier } from '@erp/auth';
import { ApiRouter, type Logger, type RequestTokenSource } from '@erp/service-kit';
import { z } from 'zod';
import { HrSessionGateway } from '../../data-access/hr-session.gateway';
import { ThemePreferenceGateway } from '../../data-access/theme-preference.gateway';
import {
  SIGNED_OUT,
  SignedOutTokens,
  currentToken,
  describeSession,
  savePreference,
  signIn,
  signOut,
  type SessionDeps,
} from '../../domain/admin-session.use-case';
import { checkCsrf, clearSessionCookies, sessionTokenSource, setSessionCookies, storedTokens, useCurrentToken } from './session-cookies';

const NO_STORE = { 'cache-control': 'no-store' };
/** Signed-in people (not service accounts): their own theme preference. */
const PEOPLE = { roles: ['admin', 'hr', 'manager', 'employee'] } as const;

const loginBody = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'expected "HH:MM", 00:00–23:59');
/** theme's PUT /api/v1/preferences/{userId} body; theme checks the names (variants, modes, time zones) and answers 400/422. */
const preferenceBody = z.object({
  variant: z.string().min(1).max(64),
  customThemeId: z.uuid().nullable().optional(),
  mode: z.string().min(1).max(32),
  schedule: z.strictObject({ lightFrom: hhmm, darkFrom: hhmm }).optional(),
  timezone: z.string().min(1).max(64).nullable().optional(),
});
const sessionView = z.object({
  user: z
    .object({ id: z.string(), email: z.string().nullable(), name: z.string(), roles: z.array(z.string()) })
    .nullable()
    .describe('null when nobody is signed in'),
  preference: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("the user's theme preference from the theme service; null when theme does not answer"),
});

/** The dashboard's admin session: the routes, the kit's cookie token source, and the HTTP clients to close at shutdown. */
export interface ObserverSession {
  routes(logger: Logger): ApiRouter;
  tokenSource: RequestTokenSource;
  stop(): void;
}

/** Sign-in with hr (`hrUrl`), preferences from theme (`themeUrl`); tokens verified by the observer's own verifier. */
export function observerSession(options: { hrUrl?: string; themeUrl?: string; verifier: TokenVerifier }): ObserverSession {
  let deps: SessionDeps | undefined;
  const started = (): SessionDeps => {
    if (!deps) throw new Error('the session routes are not built yet');
    return deps;
  };
  return {
    routes(logger) {
      deps = {
        hr: options.hrUrl ? new HrSessionGateway(options.hrUrl, logger) : null,
        theme: options.themeUrl ? new ThemePreferenceGateway(options.themeUrl, logger) : null,
        verifier: options.verifier,
        signedOut: new SignedOutTokens(),
      };
      return sessionRoutes(started);
    },
    tokenSource: sessionTokenSource(started),
    stop() {
      deps?.hr?.close();
      deps?.theme?.close();
    },
  };
}

/** Sign in, who is signed in, sign out, and the signed-in person's theme preference. */
export function sessionRoutes(deps: () => SessionDeps): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/session',
      summary: 'Who is signed in to the dashboard (from the session cookie), with their theme preference',
      tags: ['session'],
      auth: 'public',
      responses: { 200: sessionView, 503: 'problem' },
    },
    async ({ req, res }) => {
      const current = await currentToken(deps(), storedTokens(req));
      const token = useCurrentToken(req, res, current);
      const view = token ? await describeSession(deps(), token) : SIGNED_OUT;
      if (token && !view.user) clearSessionCookies(req, res);
      return { status: 200, body: view, headers: NO_STORE };
    },
  );
  api.route(
    {
      method: 'post',
      path: '/session',
      summary: "Sign in with an hr account: hr's tokens are kept in HttpOnly, SameSite=Strict cookies (needs x-erp-csrf: 1)",
      description: "hr's refusals pass through: 401 for a wrong email or password, 429 with Retry-After while the account is locked.",
      tags: ['session'],
      auth: 'public',
      body: loginBody,
      responses: { 200: sessionView, 400: 'problem', 401: 'problem', 403: 'problem', 429: 'problem', 503: 'problem' },
    },
    async ({ body, req, res }) => {
      checkCsrf(req);
      const { tokens, view } = await signIn(deps(), body.email, body.password);
      setSessionCookies(req, res, tokens);
      return { status: 200, body: view, headers: NO_STORE };
    },
  );
  api.route(
    {
      method: 'delete',
      path: '/session',
      summary: 'Sign out: ends the session at hr and clears the cookies (needs x-erp-csrf: 1)',
      tags: ['session'],
      auth: 'public',
      responses: { 204: null, 403: 'problem' },
    },
    async ({ req, res }) => {
      checkCsrf(req);
      await signOut(deps(), storedTokens(req));
      clearSessionCookies(req, res);
      return { status: 204, headers: NO_STORE };
    },
  );
  api.route(
    {
      method: 'put',
      path: '/session/preference',
      summary: "Replace the signed-in person's theme preference at the theme service (its PUT body); answers what theme stored",
      tags: ['session'],
      auth: PEOPLE,
      body: preferenceBody,
      responses: {
        200: z.record(z.string(), z.unknown()),
        400: 'problem',
        401: 'problem',
        403: 'problem',
        422: 'problem',
        503: 'problem',
      },
    },
    async ({ body, principal, req, res }) => {
      const fromCookie = res.locals.sessionAccessToken as string | undefined;
      const token = fromCookie ?? /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      return { status: 200, body: await savePreference(deps(), principal, token, body), headers: NO_STORE };
    },
  );
  return api;
}
