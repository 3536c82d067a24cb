import { decodeJwt, decodeProtectedHeader } from 'jose';
import { DEMO_PASSWORD, startHr, type HrHarness } from './support/hr-harness';
import { hire } from './support/people';

let hr: HrHarness;
let admin: string;
beforeAll(async () => {
  hr = await startHr({ AUTH_MAX_FAILED_LOGINS: '3', AUTH_LOCKOUT_S: '600', AUTH_SERVICE_CLIENTS: 'orders:orders-secret-0123456789abcdef' });
  admin = await hr.client.login('admin@erp.example');
});
afterAll(async () => {
  await hr?.stop();
});

type Pair = { accessToken: string; refreshToken: string; expiresIn: number };

describe('login', () => {
  test('when the password is right, then an EdDSA access token with the roles and a refresh token are returned, not cached', async () => {
    const reply = await hr.client.call<Pair>('post', '/api/v1/auth/login', {
      body: { email: 'ADMIN@erp.example', password: DEMO_PASSWORD },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(decodeProtectedHeader(reply.body.accessToken)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(decodeJwt(reply.body.accessToken)).toMatchObject({
      iss: 'erp-hr',
      aud: 'erp',
      kind: 'user',
      roles: ['admin', 'hr', 'employee'],
      email: 'admin@erp.example',
    });
    expect(reply.body.refreshToken.length).toBeGreaterThan(40);
  });

  test('when the password is wrong or the email unknown, then both answer the same 401', async () => {
    const wrong = await hr.client.call('post', '/api/v1/auth/login', {
      body: { email: 'manager@erp.example', password: 'not the password' },
    });
    const unknown = await hr.client.call('post', '/api/v1/auth/login', {
      body: { email: 'nobody@erp.example', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  });

  test('when an account fails too often, then it is locked (429) even for the right password, until hr unlocks it', async () => {
    const person = await hire(hr.client, admin);
    for (let i = 0; i < 2; i += 1) {
      expect(
        (await hr.client.call('post', '/api/v1/auth/login', { body: { email: person.email, password: 'wrong password!' } })).status,
      ).toBe(401);
    }
    const third = await hr.client.call('post', '/api/v1/auth/login', { body: { email: person.email, password: 'wrong password!' } });
    expect(third.status).toBe(429);
    expect(third.body.type).toBe('https://erp.example/problems/login-locked');
    const right = await hr.client.call('post', '/api/v1/auth/login', { body: { email: person.email, password: DEMO_PASSWORD } });
    expect(right.status).toBe(429);
    expect((await hr.client.call('get', `/api/v1/employees/${person.id}/account`, { token: admin })).body).toMatchObject({ locked: true });

    expect((await hr.client.call('patch', `/api/v1/employees/${person.id}/account`, { token: admin, body: { unlock: true } })).status).toBe(
      200,
    );
    expect((await hr.client.call('post', '/api/v1/auth/login', { body: { email: person.email, password: DEMO_PASSWORD } })).status).toBe(
      200,
    );
  });

  test('when a login succeeds after some failures, then the failure count starts again', async () => {
    const person = await hire(hr.client, admin);
    const fail = () => hr.client.call('post', '/api/v1/auth/login', { body: { email: person.email, password: 'wrong password!' } });
    expect((await fail()).status).toBe(401);
    expect((await fail()).status).toBe(401);
    await hr.client.login(person.email);
    expect((await fail()).status).toBe(401);
    expect((await fail()).status).toBe(401);
  });
});

describe('refresh tokens', () => {
  const login = async (email = 'manager@erp.example') =>
    (await hr.client.call<Pair>('post', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } })).body;
  const refresh = (refreshToken: string) => hr.client.call<Pair>('post', '/api/v1/auth/refresh', { body: { refreshToken } });

  test('when a refresh token is used, then a new pair is issued and the old refresh token is spent', async () => {
    const first = await login();
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await hr.client.call('get', '/api/v1/auth/me', { token: second.body.accessToken })).status).toBe(200);
    expect((await refresh(first.refreshToken)).status).toBe(401);
  });

  test('when a spent refresh token is replayed, then its whole family is revoked (the thief and the owner must log in again)', async () => {
    const first = await login();
    const second = await refresh(first.refreshToken);
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
  });

  test('when two refreshes of one token race, then exactly one wins', async () => {
    const first = await login();
    const results = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  test('when the user logs out, then the refresh token no longer works, other sessions still do', async () => {
    const session = await login();
    const other = await login();
    expect((await hr.client.call('post', '/api/v1/auth/logout', { body: { refreshToken: session.refreshToken } })).status).toBe(204);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  test('when the password is changed by hr, then existing refresh tokens are revoked', async () => {
    const person = await hire(hr.client, admin);
    const session = await login(person.email);
    expect(
      (
        await hr.client.call('patch', `/api/v1/employees/${person.id}/account`, {
          token: admin,
          body: { password: 'a brand new password' },
        })
      ).status,
    ).toBe(200);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect(
      (await hr.client.call('post', '/api/v1/auth/login', { body: { email: person.email, password: 'a brand new password' } })).status,
    ).toBe(200);
  });
});

describe('leaving ends access', () => {
  test('when an employee leaves, then they cannot log in or refresh any more', async () => {
    const person = await hire(hr.client, admin);
    const session = (await hr.client.call<Pair>('post', '/api/v1/auth/login', { body: { email: person.email, password: DEMO_PASSWORD } }))
      .body;
    expect(
      (await hr.client.call('post', `/api/v1/employees/${person.id}/leave`, { token: admin, body: { leftOn: '2030-06-30' } })).status,
    ).toBe(200);
    expect((await hr.client.call('post', '/api/v1/auth/login', { body: { email: person.email, password: DEMO_PASSWORD } })).status).toBe(
      401,
    );
    expect((await hr.client.call('post', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await hr.client.call('get', `/api/v1/employees/${person.id}/account`, { token: admin })).body).toMatchObject({
      disabled: true,
    });
  });
});

describe('tokens on protected routes', () => {
  test('when no token is sent, then 401 problem+json', async () => {
    const reply = await hr.client.call('get', '/api/v1/employees');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
  });

  test('when the token is tampered with (payload changed, signature kept), then 401', async () => {
    const [header, payload, signature] = admin.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'], sub: 'someone-else' })).toString('base64url');
    expect((await hr.client.call('get', '/api/v1/employees', { token: `${header}.${forged}.${signature}` })).status).toBe(401);
  });

  test('when the token is signed with alg "none" or is garbage or uses another scheme, then 401', async () => {
    const [, payload] = admin.split('.') as [string, string];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
    expect((await hr.client.call('get', '/api/v1/employees', { token: none })).status).toBe(401);
    expect((await hr.client.call('get', '/api/v1/employees', { token: 'not-a-token' })).status).toBe(401);
    expect(
      (await hr.client.call('get', '/api/v1/employees', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }))
        .status,
    ).toBe(401);
  });

  test('when an employee calls an hr-only route, then 403', async () => {
    const employee = await hr.client.login('employee@erp.example');
    const reply = await hr.client.call('post', '/api/v1/leave-types', { token: employee, body: { code: 'study', name: 'Study leave' } });
    expect(reply.status).toBe(403);
    expect(reply.body.type).toBe('https://erp.example/problems/forbidden');
  });

  test('when hr (not admin) grants the admin role, then 403; an admin may', async () => {
    const hrPerson = await hire(hr.client, admin, { roles: ['hr'] });
    const target = await hire(hr.client, admin);
    expect(
      (await hr.client.call('patch', `/api/v1/employees/${target.id}/account`, { token: hrPerson.token, body: { roles: ['admin'] } }))
        .status,
    ).toBe(403);
    expect(
      (await hr.client.call('patch', `/api/v1/employees/${target.id}/account`, { token: admin, body: { roles: ['manager'] } })).body,
    ).toMatchObject({ roles: ['manager', 'employee'] });
  });
});

describe('service accounts', () => {
  test('when orders presents its client credentials, then it gets a service token with service:orders, which staff-only routes refuse', async () => {
    const reply = await hr.client.call<{ accessToken: string }>('post', '/api/v1/auth/service-token', {
      body: { clientId: 'orders', clientSecret: 'orders-secret-0123456789abcdef' },
    });
    expect(reply.status).toBe(200);
    expect(decodeJwt(reply.body.accessToken)).toMatchObject({ sub: 'orders', kind: 'service', roles: ['service', 'service:orders'] });
    expect((await hr.client.call('get', '/api/v1/auth/me', { token: reply.body.accessToken })).body).toMatchObject({
      kind: 'service',
      subject: 'orders',
    });
    expect((await hr.client.call('get', '/api/v1/employees', { token: reply.body.accessToken })).status).toBe(403);
  });

  test('when the client secret is wrong or the client unknown, then 401', async () => {
    expect(
      (
        await hr.client.call('post', '/api/v1/auth/service-token', {
          body: { clientId: 'orders', clientSecret: 'orders-secret-0123456789abcdeX' },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await hr.client.call('post', '/api/v1/auth/service-token', {
          body: { clientId: 'ghost', clientSecret: 'orders-secret-0123456789abcdef' },
        })
      ).status,
    ).toBe(401);
  });
});
