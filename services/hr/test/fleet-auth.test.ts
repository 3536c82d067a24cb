import { authorize, createServiceTokenSource, createTokenVerifier, jwksUrlFromEnv } from '@erp/auth';
import { ForbiddenError } from '@erp/errors';
import { startHr, type HrHarness } from './support/hr-harness';

/** What every other service does: verify hr's tokens through its published JWKS, and fetch service tokens. */
let hr: HrHarness;
beforeAll(async () => {
  hr = await startHr({ AUTH_SERVICE_CLIENTS: 'orders:orders-secret-0123456789abcdef,observer:observer-secret-0123456789abcdef' });
});
afterAll(async () => {
  await hr?.stop();
});

test('when another service verifies a staff token against hr’s JWKS URL, then it gets the same principal hr sees', async () => {
  const verifier = createTokenVerifier({ jwksUrl: jwksUrlFromEnv({ HR_URL: hr.url }) });
  const token = await hr.client.login('manager@erp.example');
  const principal = await authorize(verifier, { authorization: `Bearer ${token}` }, { roles: ['manager'] });
  expect(principal).toMatchObject({ kind: 'user', roles: ['manager', 'employee'], email: 'manager@erp.example' });
});

test('when orders asks hr for a service token, then it is cached, verifies elsewhere, and carries service:orders only', async () => {
  const source = createServiceTokenSource({ hrUrl: hr.url, clientId: 'orders', clientSecret: 'orders-secret-0123456789abcdef' });
  const [a, b] = await Promise.all([source.token(), source.token()]);
  expect(a).toBe(b);
  expect(await source.token()).toBe(a);
  const verifier = createTokenVerifier({ jwksUrl: `${hr.url}/.well-known/jwks.json` });
  await expect(authorize(verifier, { authorization: await source.authorization() }, { roles: ['service:orders'] })).resolves.toMatchObject({
    subject: 'orders',
  });
  await expect(
    authorize(verifier, { authorization: await source.authorization() }, { roles: ['service:observer', 'admin'] }),
  ).rejects.toBeInstanceOf(ForbiddenError);
});

test('when the client secret is wrong, then the token source fails with hr’s 401', async () => {
  const source = createServiceTokenSource({ hrUrl: hr.url, clientId: 'observer', clientSecret: 'not-the-observer-secret-000000' });
  await expect(source.token()).rejects.toMatchObject({ name: 'ServiceTokenError', status: 401 });
});

test('when hr rotates its keys, then a remote verifier accepts tokens from the new key and still the old ones', async () => {
  const verifier = createTokenVerifier({ jwksUrl: `${hr.url}/.well-known/jwks.json`, cooldownMs: 0 });
  const admin = await hr.client.login('admin@erp.example');
  await verifier.verify(admin);
  expect((await hr.client.call('post', '/api/v1/auth/keys/rotate', { token: admin })).status).toBe(200);
  const fresh = await hr.client.login('employee@erp.example');
  await expect(verifier.verify(fresh)).resolves.toMatchObject({ email: 'employee@erp.example' });
  await expect(verifier.verify(admin)).resolves.toMatchObject({ email: 'admin@erp.example' });
});
