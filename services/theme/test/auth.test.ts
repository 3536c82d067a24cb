import { waitFor } from '@erp/testing';
import { call, startThemeServer, type ThemeServer } from './support/theme-server';
import { tamper } from './support/tokens';

// Access tokens live 2 s here (plus the verifier's 5 s clock tolerance), so one test can watch a token expire;
// every test logs in afresh.
let server: ThemeServer;
beforeAll(async () => {
  server = await startThemeServer({}, { AUTH_ACCESS_TOKEN_TTL_S: '2' });
});
afterAll(async () => server.stop());
beforeEach(async () => server.truncate());

const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) => call(server.url, method, `/api/v1${path}`, options);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const login = async (email: string) => bearer(await server.idp.login(email));
const theme = { name: 'Mint', variant: 'modern', overrides: {} };
const preference = { variant: 'odoo', mode: 'dark' };

describe('who may call theme', () => {
  test.each([
    ['PUT', '/preferences/me', preference],
    ['PATCH', '/preferences/me', { mode: 'light' }],
    ['DELETE', '/preferences/me', undefined],
    ['POST', '/themes', theme],
    ['PUT', '/themes/00000000-0000-4000-8000-000000000000', theme],
    ['DELETE', '/themes/00000000-0000-4000-8000-000000000000', undefined],
  ])('when %s %s is called anonymously, then 401 problem+json and nothing is written', async (method, path, body) => {
    const res = await api(method, path, { body });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect([await server.count('theme_preferences'), await server.count('custom_themes')]).toEqual([0, 0]);
  });

  test('when a service account (not a person) stores a preference, then 403', async () => {
    const res = await api('PUT', '/preferences/me', { body: preference, headers: bearer(await server.idp.serviceToken('orders')) });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await server.count('theme_preferences')).toBe(0);
  });

  test('when an employee shares a theme, then 403 (sharing is for admins) and an admin may', async () => {
    expect((await api('POST', '/themes', { body: { ...theme, shared: true }, headers: await login('employee@erp.example') })).status).toBe(
      403,
    );
    expect(await server.count('custom_themes')).toBe(0);
    expect((await api('POST', '/themes', { body: { ...theme, shared: true }, headers: await login('admin@erp.example') })).status).toBe(
      201,
    );
  });

  test('when a token is tampered with (roles raised), then 401 and nothing is written', async () => {
    const forged = tamper(await server.idp.login('employee@erp.example'));
    const res = await api('POST', '/themes', { body: { ...theme, shared: true }, headers: bearer(forged) });
    expect(res.status).toBe(401);
    expect(await server.count('custom_themes')).toBe(0);
    // a public read with a bad token is refused too, never served as anonymous
    expect((await api('GET', '/themes', { headers: bearer(forged) })).status).toBe(401);
  });

  test('when a token has expired, then 401 "expired"', async () => {
    const headers = await login('employee@erp.example');
    const refused = await waitFor(
      async () => {
        const res = await api('GET', '/preferences/me', { headers });
        return res.status === 401 ? res : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, message: 'token expiry' },
    );
    expect(String(refused.json.detail)).toMatch(/expired/);
  });

  test("when someone reads or changes another user's preference or private theme, then 404 like a missing one", async () => {
    const manager = await login('manager@erp.example');
    const own = await api('PUT', '/preferences/me', { body: preference, headers: manager });
    expect(own.status).toBe(200);
    const managerId = String(own.json.userId);
    const created = await api('POST', '/themes', { body: theme, headers: manager });
    const themeId = String(created.json.id);
    const employee = await login('employee@erp.example');
    expect((await api('GET', `/preferences/${managerId}`, { headers: employee })).status).toBe(404);
    expect((await api('PATCH', `/preferences/${managerId}`, { body: { mode: 'light' }, headers: employee })).status).toBe(404);
    expect((await api('GET', `/themes/${themeId}`, { headers: employee })).status).toBe(404);
    expect((await api('PUT', `/themes/${themeId}`, { body: { ...theme, name: 'Taken' }, headers: employee })).status).toBe(404);
    expect((await api('DELETE', `/themes/${themeId}`, { headers: employee })).status).toBe(404);
    expect((await api('GET', `/preferences/${managerId}`, { headers: await login('manager@erp.example') })).json).toMatchObject({
      variant: 'odoo',
      mode: 'dark',
    });
    expect((await api('GET', `/themes/${themeId}`, { headers: manager })).json).toMatchObject({ name: 'Mint' });
  });

  test('when theme files, the demo page, built-in themes, health and /openapi.json are read anonymously, then they answer', async () => {
    for (const path of [
      '/demo',
      '/themes/standard-light.css',
      '/themes/manifest.json',
      '/api/v1/themes',
      '/api/v1/themes/odoo',
      '/api/v1/themes/roles',
      '/health/live',
      '/openapi.json',
    ]) {
      expect([path, (await call(server.url, 'GET', path)).status]).toEqual([path, 200]);
    }
  });
});
