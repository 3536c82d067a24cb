import fc from 'fast-check';
import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { startTestTheme, type TestTheme } from '@erp/harness/theme';
import { startFakeTarget, type FakeTarget } from './support/fake-target';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}
interface SessionView {
  user: { id: string; email: string | null; name: string; roles: string[] } | null;
  preference: unknown;
}

/** hr's access tokens live 10 s here, so one test can wait for a refresh; the observer renews 5 s before expiry. */
const ACCESS_TTL_S = 10;

/** The cookies a browser would keep for the observer, updated from each answer's Set-Cookie. */
class CookieJar {
  readonly cookies = new Map<string, string>();
  update(headers: Headers): string[] {
    const set = headers.getSetCookie();
    for (const line of set) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0\b|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return set;
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  copy(): CookieJar {
    const jar = new CookieJar();
    for (const [name, value] of this.cookies) jar.cookies.set(name, value);
    return jar;
  }
}

const jwtExpMs = (token: string): number =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number }).exp * 1000;

describe('the dashboard session: sign in with hr, HttpOnly cookies, CSRF guard, refresh, sign out', () => {
  let idp: TestIdentityProvider;
  let target: FakeTarget;
  let theme: TestTheme;
  let observer: ObserverHarness;

  /** A request as a browser page would send it: cookies from `jar`, no Authorization header. */
  async function send(
    path: string,
    init: { method?: string; body?: unknown; jar?: CookieJar; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown; headers: Headers; setCookies: string[] }> {
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.jar && init.jar.cookies.size > 0) headers.cookie = init.jar.header();
    if (init.csrf ?? method !== 'GET') headers['x-erp-csrf'] = '1';
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(observer.url + path, {
      method,
      headers,
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const setCookies = init.jar ? init.jar.update(response.headers) : response.headers.getSetCookie();
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, body, headers: response.headers, setCookies };
  }

  async function signIn(email: string): Promise<CookieJar> {
    const jar = new CookieJar();
    const answer = await send('/api/v1/session', { method: 'POST', body: { email, password: idp.password }, jar });
    expect(answer.status).toBe(200);
    return jar;
  }

  const silence = (comment: string) => ({ target: 'shop', durationMinutes: 30, comment });

  beforeAll(async () => {
    [idp, target] = await Promise.all([
      startTestIdentityProvider({ env: { AUTH_ACCESS_TOKEN_TTL_S: String(ACCESS_TTL_S) } }),
      startFakeTarget('shop'),
    ]);
    theme = await startTestTheme({ env: { HR_URL: idp.url } });
    observer = await startObserver(fastConfig([{ name: 'shop', url: target.healthUrl }]), { HR_URL: idp.url, THEME_URL: theme.url });
  });
  afterAll(async () => {
    await observer?.stop();
    await theme?.stop();
    await Promise.all([idp?.stop(), target?.close()]);
  });

  test('an admin signs in: the tokens go into HttpOnly, SameSite=Strict cookies scoped to /api/v1, never into the answer', async () => {
    const jar = new CookieJar();
    const answer = await send('/api/v1/session', { method: 'POST', body: { email: 'admin@erp.example', password: idp.password }, jar });
    expect(answer.status).toBe(200);
    const view = answer.body as SessionView;
    expect(view.user).toMatchObject({ email: 'admin@erp.example', roles: expect.arrayContaining(['admin']) });
    expect(view.user?.name).toMatch(/\S/);
    expect(JSON.stringify(answer.body)).not.toMatch(/eyJ|refresh/i);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.setCookies).toHaveLength(2);
    for (const cookie of answer.setCookies) {
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Strict/i);
      expect(cookie).toMatch(/; Path=\/api\/v1(;|$)/i);
      expect(cookie).not.toMatch(/; Secure/i); // plain http
    }
    expect(jar.cookies.size).toBe(2);

    const session = await send('/api/v1/session', { jar });
    expect(session.status).toBe(200);
    expect((session.body as SessionView).user?.email).toBe('admin@erp.example');
    const anonymous = await send('/api/v1/session');
    expect(anonymous.body).toEqual({ user: null, preference: null });

    // Behind a TLS-terminating proxy that says so, the cookies are Secure.
    const behindProxy = await send('/api/v1/session', {
      method: 'POST',
      body: { email: 'admin@erp.example', password: idp.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(behindProxy.status).toBe(200);
    for (const cookie of behindProxy.setCookies) expect(cookie).toMatch(/; Secure/i);
  });

  test('a signed-in admin writes with the cookie and x-erp-csrf: 1; without the header or from another origin: 403 problem, nothing written', async () => {
    const jar = await signIn('admin@erp.example');
    const created = await send('/api/v1/silences', { method: 'POST', body: silence('cookie write'), jar });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ createdBy: 'admin@erp.example', comment: 'cookie write' });
    const sameOrigin = await send('/api/v1/silences', {
      method: 'POST',
      body: silence('same origin'),
      jar,
      headers: { origin: observer.url },
    });
    expect(sameOrigin.status).toBe(201);

    const before = await observer.get<unknown[]>('/api/v1/silences?all=true');
    const noHeader = await send('/api/v1/silences', { method: 'POST', body: silence('no csrf header'), jar, csrf: false });
    expect(noHeader.status).toBe(403);
    expect(noHeader.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((noHeader.body as Problem).detail).toMatch(/x-erp-csrf/);
    const foreign = await send('/api/v1/silences', {
      method: 'POST',
      body: silence('foreign origin'),
      jar,
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const nullOrigin = await send(`/api/v1/silences/${(created.body as { id: string }).id}`, {
      method: 'DELETE',
      jar,
      headers: { origin: 'null' },
    });
    expect(nullOrigin.status).toBe(403);
    expect(await observer.get<unknown[]>('/api/v1/silences?all=true')).toEqual(before);

    // No cookie at all: the kit's usual 401 (the CSRF header alone proves nothing).
    const anonymous = await send('/api/v1/silences', { method: 'POST', body: silence('anonymous') });
    expect(anonymous.status).toBe(401);
    // Signing in and out need the header too (no login CSRF).
    const loginWithoutHeader = await send('/api/v1/session', {
      method: 'POST',
      body: { email: 'admin@erp.example', password: idp.password },
      csrf: false,
    });
    expect(loginWithoutHeader.status).toBe(403);
  });

  test('an employee signs in and reads, but every action answers 403', async () => {
    const jar = await signIn('employee@erp.example');
    const session = await send('/api/v1/session', { jar });
    expect((session.body as SessionView).user).toMatchObject({ email: 'employee@erp.example', roles: ['employee'] });
    expect((await send('/api/v1/silences', { jar })).status).toBe(200);
    const write = await send('/api/v1/silences', { method: 'POST', body: silence('employee'), jar });
    expect(write.status).toBe(403);
    expect((write.body as Problem).type).toMatch(/forbidden/);
    const maintenance = await send('/api/v1/maintenance', {
      method: 'POST',
      body: { target: 'shop', recurrence: { daysOfWeek: [0], startTime: '02:00', durationMinutes: 60 }, comment: 'employee' },
      jar,
    });
    expect(maintenance.status).toBe(403);
  });

  test('signing out ends the session at hr and here: the old cookies no longer work, not even the unexpired access token', async () => {
    const jar = await signIn('admin@erp.example');
    const kept = jar.copy();
    const out = await send('/api/v1/session', { method: 'DELETE', jar });
    expect(out.status).toBe(204);
    expect(out.setCookies).toHaveLength(2);
    expect(jar.cookies.size).toBe(0);
    expect(((await send('/api/v1/session', { jar: kept })).body as SessionView).user).toBeNull();
    const write = await send('/api/v1/silences', { method: 'POST', body: silence('after sign-out'), jar: kept.copy() });
    expect(write.status).toBe(401);
    // Only the refresh token: hr has revoked its family.
    const refreshOnly = new CookieJar();
    refreshOnly.cookies.set('erp_observer_rt', kept.cookies.get('erp_observer_rt') ?? '');
    expect((await send('/api/v1/silences', { method: 'POST', body: silence('refresh only'), jar: refreshOnly })).status).toBe(401);
  });

  test("a wrong password is hr's 401 problem; a locked account is hr's 429 with Retry-After, passed through", async () => {
    const wrong = await send('/api/v1/session', { method: 'POST', body: { email: 'admin@erp.example', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((wrong.body as Problem).detail).toBe('Invalid email or password');
    expect(wrong.setCookies).toEqual([]);
    const unknown = await send('/api/v1/session', { method: 'POST', body: { email: 'nobody@erp.example', password: 'x' } });
    expect(unknown.status).toBe(401);

    let locked: Awaited<ReturnType<typeof send>> | undefined;
    for (let attempt = 0; attempt < 6 && locked?.status !== 429; attempt += 1) {
      locked = await send('/api/v1/session', { method: 'POST', body: { email: 'manager@erp.example', password: `wrong-${attempt}` } });
    }
    expect(locked?.status).toBe(429);
    expect(Number(locked?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((locked?.body as Problem).type).toMatch(/login-locked/);
  });

  test('an access token about to expire is renewed with the refresh token (rotated once, even for concurrent requests)', async () => {
    const jar = await signIn('admin@erp.example');
    const firstAccess = jar.cookies.get('erp_observer_at') ?? '';
    const firstRefresh = jar.cookies.get('erp_observer_rt') ?? '';
    // Wait until the observer must renew it (less than 5 s left).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, jwtExpMs(firstAccess) - 4_500 - Date.now())));
    const [a, b] = await Promise.all([
      send('/api/v1/silences', { method: 'POST', body: silence('renewed a'), jar: jar.copy() }),
      send('/api/v1/silences', { method: 'POST', body: silence('renewed b'), jar: jar.copy() }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    jar.update(a.headers);
    expect(jar.cookies.get('erp_observer_at')).not.toBe(firstAccess);
    expect(jar.cookies.get('erp_observer_rt')).not.toBe(firstRefresh);
    expect(b.setCookies.join('\n')).toContain(jar.cookies.get('erp_observer_rt')); // the same new pair for both
    // The renewed session goes on working (hr did not see a reuse and revoke the family).
    expect((await send('/api/v1/silences', { method: 'POST', body: silence('after renewal'), jar })).status).toBe(201);
    expect(((await send('/api/v1/session', { jar })).body as SessionView).user?.email).toBe('admin@erp.example');
  });

  test("the preference is theme's: read with the session, saved through the observer with the user's own token; theme down → null and 503", async () => {
    const jar = await signIn('employee@erp.example');
    const saved = await send('/api/v1/session/preference', { method: 'PUT', body: { variant: 'modern', mode: 'dark' }, jar });
    expect(saved.status).toBe(200);
    const user = (await send('/api/v1/session', { jar })).body as SessionView;
    expect(saved.body).toMatchObject({ userId: user.user?.id, variant: 'modern', mode: 'dark', stored: true });
    expect(user.preference).toMatchObject({ variant: 'modern', mode: 'dark', stored: true });
    // theme's own refusal comes back as it is (an unknown variant: 400 naming the field).
    const refused = await send('/api/v1/session/preference', { method: 'PUT', body: { variant: 'no-such-variant', mode: 'dark' }, jar });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('variant');
    // The observer's own checks: unknown fields, no session.
    const bad = await send('/api/v1/session/preference', { method: 'PUT', body: { variant: 'standard', mode: 'dark', extra: 1 }, jar });
    expect(bad.status).toBe(400);
    expect((await send('/api/v1/session/preference', { method: 'PUT', body: { variant: 'standard', mode: 'dark' } })).status).toBe(401);
    // The break-glass admin token is nobody's: no preference to save.
    const breakGlass = await observer.request('/api/v1/session/preference', { method: 'PUT', body: { variant: 'standard', mode: 'dark' } });
    expect(breakGlass.status).toBe(403);

    await theme.stopProcess();
    const down = (await send('/api/v1/session', { jar })).body as SessionView;
    expect(down.user?.email).toBe('employee@erp.example');
    expect(down.preference).toBeNull();
    const notSaved = await send('/api/v1/session/preference', { method: 'PUT', body: { variant: 'standard', mode: 'light' }, jar });
    expect([502, 503]).toContain(notSaved.status);
    expect(notSaved.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  test('the session routes are in the OpenAPI document', async () => {
    const doc = await observer.get<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json');
    expect(Object.keys(doc.paths['/api/v1/session'] ?? {}).sort()).toEqual(['delete', 'get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/session/preference'] ?? {})).toEqual(['put']);
  });

  test('generated login bodies: bad input is a 4xx problem, never a 5xx, and never signs anyone in', async () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', ' ', 'admin@erp.example', '\u0000', 'a'.repeat(300)),
    );
    const body = fc.oneof(
      fc.record({ email: text, password: text }, { requiredKeys: [] }),
      fc.record({ email: fc.anything(), password: fc.anything() }),
      fc.anything(),
      fc.string().map((s) => `{"email":${s}`),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const answer = await send('/api/v1/session', { method: 'POST', body: value === undefined ? 'null' : value });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(answer.setCookies).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
