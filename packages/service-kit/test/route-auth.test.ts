import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { z } from 'zod';
import { ForbiddenError } from '@erp/errors';
import { ApiRouter, baseConfigShape, defineConfig, startService, type RunningService, type ServiceDefinition } from '../src';
import { captureLogger } from './support/capture-logger';

/** `auth` next to each route, verified by the kit against a real hr's JWKS with real tokens. */
function notesRoutes(): ApiRouter {
  const api = new ApiRouter();
  api.route({ method: 'get', path: '/api/v1/notes', auth: 'public', responses: { 200: z.array(z.string()) } }, () => ({
    status: 200,
    body: ['public note'],
  }));
  api.route(
    {
      method: 'post',
      path: '/api/v1/notes',
      auth: { roles: ['manager', 'hr'] },
      body: z.object({ text: z.string().max(10) }),
      responses: { 201: z.object({ by: z.string() }) },
    },
    ({ principal, body }) => ({ status: 201, body: { by: principal.email, text: body.text } }),
  );
  api.route(
    { method: 'post', path: '/api/v1/notes/sync', auth: { roles: ['service:orders'] }, responses: { 204: null } },
    ({ principal }) => ({ status: 204, headers: { 'x-caller': principal.subject } }),
  );
  return api;
}

function notesService(env: Record<string, string>, logger = captureLogger('notes').logger): ServiceDefinition {
  return {
    name: 'notes',
    version: '0.0.1',
    config: defineConfig(baseConfigShape, { PORT: '0', ...env }),
    routes: () => [notesRoutes()],
    handleSignals: false,
    logger,
  };
}

let idp: TestIdentityProvider;
let service: RunningService;
const log = captureLogger('notes');
beforeAll(async () => {
  idp = await startTestIdentityProvider({ serviceClients: ['orders', 'observer'] });
  service = await startService(notesService({ HR_URL: idp.url }, log.logger));
}, 90_000);
afterAll(async () => {
  await service?.stop();
  await idp?.stop();
});

async function call(method: string, path: string, token?: string, body?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(service.url + path, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

it('when a public route is called without a token, then it answers', async () => {
  expect((await call('GET', '/api/v1/notes')).status).toBe(200);
});

it('when a protected route is called anonymously, then 401 problem+json — before the body is even read', async () => {
  for (const body of ['{"text":"ok"}', '{not json', JSON.stringify({ text: 'x'.repeat(200_000) })]) {
    const reply = await call('POST', '/api/v1/notes', undefined, body);
    expect(reply.status).toBe(401);
    expect(reply.type).toContain('application/problem+json');
  }
});

it('when the caller lacks the role, then 403; with it, the handler gets the principal', async () => {
  expect((await call('POST', '/api/v1/notes', await idp.login('employee@erp.example'), '{"text":"hi"}')).status).toBe(403);
  const ok = await call('POST', '/api/v1/notes', await idp.login('manager@erp.example'), '{"text":"hi"}');
  expect(ok).toMatchObject({ status: 201, json: { by: 'manager@erp.example', text: 'hi' } });
  expect((await call('POST', '/api/v1/notes', await idp.login('manager@erp.example'), '{"text":"far too long"}')).status).toBe(400);
});

it('when a route admits one service, then only that service account passes', async () => {
  const orders = await call('POST', '/api/v1/notes/sync', await idp.serviceToken('orders'));
  expect(orders.status).toBe(204);
  expect(orders.headers.get('x-caller')).toBe('orders');
  expect((await call('POST', '/api/v1/notes/sync', await idp.serviceToken('observer'))).status).toBe(403);
  expect((await call('POST', '/api/v1/notes/sync', await idp.login('admin@erp.example'))).status).toBe(403);
});

it('when the token is tampered with, then 401', async () => {
  const [h, p, s] = (await idp.login('manager@erp.example')).split('.') as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['hr'] })).toString(
    'base64url',
  );
  expect((await call('POST', '/api/v1/notes', `${h}.${forged}.${s}`, '{"text":"hi"}')).status).toBe(401);
});

it('when the OpenAPI document is read, then protected routes carry bearer security and their roles', async () => {
  const doc = (await call('GET', '/openapi.json')).json as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: Record<string, unknown>;
  };
  expect(doc.paths['/api/v1/notes']?.post).toMatchObject({ security: [{ bearerAuth: [] }], 'x-roles': ['manager', 'hr'] });
  expect(doc.paths['/api/v1/notes']?.get?.security).toBeUndefined();
  expect(doc.components).toMatchObject({ securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } });
});

it("when a route leaves out who may call it, then defining it throws naming the route (open routes say auth: 'public')", () => {
  const api = new ApiRouter({ prefix: '/api/v1' });
  const undeclared = { method: 'delete', path: '/notes', responses: { 204: null } } as unknown as Parameters<ApiRouter['route']>[0];
  expect(() => api.route(undeclared, () => ({ status: 204 }))).toThrow(
    "DELETE /api/v1/notes: declare who may call it, auth: 'public' or { roles: [...] }",
  );
  const noRoles = { method: 'post', path: '/notes', auth: { roles: [] }, responses: { 204: null } } as unknown as Parameters<
    ApiRouter['route']
  >[0];
  expect(() => api.route(noRoles, () => ({ status: 204 }))).toThrow('POST /api/v1/notes: declare who may call it');
  expect(api.routes).toEqual([]);
});

it('when a route declares roles but neither HR_URL nor AUTH_JWKS_URL is set, then the service refuses to start', async () => {
  await expect(startService(notesService({}))).rejects.toThrow(/POST \/api\/v1\/notes declares roles but no token verifier is configured/);
});

it('when a service opts in to a second token source (e.g. a cookie), then it is asked only without an Authorization header', async () => {
  const seen: string[] = [];
  const withCookie = await startService({
    ...notesService({ HR_URL: idp.url }),
    requestToken: () => async (req, res) => {
      seen.push(req.path);
      const token = /(?:^|; )t=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (token === 'refuse') throw new ForbiddenError('refused by the token source');
      if (token) res.setHeader('x-token-source', 'cookie');
      return token;
    },
  });
  try {
    const send = (headers: Record<string, string>) =>
      fetch(`${withCookie.url}/api/v1/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"text":"hi"}',
      });
    const manager = await idp.login('manager@erp.example');
    const viaCookie = await send({ cookie: `t=${manager}` });
    expect(viaCookie.status).toBe(201);
    expect(viaCookie.headers.get('x-token-source')).toBe('cookie');
    // A bearer token wins: the source is not asked, and its role decides.
    expect((await send({ cookie: `t=${manager}`, authorization: `Bearer ${await idp.login('employee@erp.example')}` })).status).toBe(403);
    expect((await send({ cookie: `t=${await idp.login('employee@erp.example')}` })).status).toBe(403);
    expect((await send({})).status).toBe(401);
    const refused = await send({ cookie: 't=refuse' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(seen).toHaveLength(4);
    // Public routes never ask it.
    expect((await fetch(`${withCookie.url}/api/v1/notes`, { headers: { cookie: `t=${manager}` } })).status).toBe(200);
    expect(seen).toHaveLength(4);
  } finally {
    await withCookie.stop();
  }
});
