import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import { issueServiceToken, logIn, logOut, refreshLogin } from '../../domain/identity.use-case';
import { publishedKeys, rotateSigningKey } from '../../domain/signing-keys.use-case';
import type { HrDeps } from '../../domain/hr-deps';
import { ADMIN, STAFF_OR_SERVICE } from './access-policy';
import { anyObject } from './schemas';

const tokenPair = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number(),
  refreshToken: z.string(),
  refreshExpiresIn: z.number(),
});
const refreshBody = z.object({ refreshToken: z.string().min(1).max(200) });
const NO_STORE = { 'Cache-Control': 'no-store' };

/** Login, refresh, logout, service tokens, the JWKS and key rotation. */
export function authRoutes(deps: HrDeps): ApiRouter {
  const api = new ApiRouter();
  api.route(
    {
      method: 'get',
      auth: 'public',
      path: '/.well-known/jwks.json',
      summary: 'Public keys that verify access tokens (JWKS)',
      tags: ['auth'],
      responses: { 200: z.object({ keys: z.array(anyObject) }) },
    },
    async () => ({ status: 200, body: await publishedKeys(deps), headers: { 'Cache-Control': 'public, max-age=60' } }),
  );
  api.route(
    {
      method: 'post',
      auth: 'public',
      path: '/api/v1/auth/login',
      summary: 'Log in with email and password',
      tags: ['auth'],
      body: z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(256) }),
      responses: { 200: tokenPair, 400: 'problem', 401: 'problem', 429: 'problem' },
    },
    async ({ body }) => ({ status: 200, body: await logIn(deps, body.email, body.password), headers: NO_STORE }),
  );
  api.route(
    {
      method: 'post',
      auth: 'public',
      path: '/api/v1/auth/refresh',
      summary: 'Trade a refresh token for a new pair (the old one is spent)',
      tags: ['auth'],
      body: refreshBody,
      responses: { 200: tokenPair, 401: 'problem' },
    },
    async ({ body }) => ({ status: 200, body: await refreshLogin(deps, body.refreshToken), headers: NO_STORE }),
  );
  api.route(
    {
      method: 'post',
      auth: 'public',
      path: '/api/v1/auth/logout',
      summary: 'Revoke a refresh token and its family',
      tags: ['auth'],
      body: refreshBody,
      responses: { 204: null },
    },
    async ({ body }) => {
      await logOut(deps, body.refreshToken);
      return { status: 204 };
    },
  );
  api.route(
    {
      method: 'post',
      auth: 'public',
      path: '/api/v1/auth/service-token',
      summary: 'Client credentials → access token for a service account',
      tags: ['auth'],
      body: z.object({ clientId: z.string().min(1).max(64), clientSecret: z.string().min(1).max(256) }),
      responses: { 200: z.object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number() }), 401: 'problem' },
    },
    async ({ body }) => ({ status: 200, body: await issueServiceToken(deps, body.clientId, body.clientSecret), headers: NO_STORE }),
  );
  api.route(
    {
      method: 'get',
      auth: STAFF_OR_SERVICE,
      path: '/api/v1/auth/me',
      summary: 'The caller, as the token says',
      tags: ['auth'],
      responses: { 200: anyObject, 401: 'problem' },
    },
    async ({ principal }) => ({ status: 200, body: principal }),
  );
  api.route(
    {
      method: 'post',
      auth: ADMIN,
      path: '/api/v1/auth/keys/rotate',
      summary: 'Start signing with a new key; the old one stays published until its tokens expire',
      tags: ['auth'],
      responses: { 200: z.object({ kid: z.string(), retiredKid: z.string().nullable() }), 403: 'problem' },
    },
    async () => ({ status: 200, body: await rotateSigningKey(deps) }),
  );
  return api;
}
