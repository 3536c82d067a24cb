import { authorize, createTokenVerifier, createServiceTokenSource } from '@erp/auth';
import { startTestIdentityProvider, type TestIdentityProvider } from '../src';

/** The helper other services use in their tests: a real hr process. */
let idp: TestIdentityProvider;
beforeAll(async () => {
  idp = await startTestIdentityProvider({ serviceClients: ['orders'] });
}, 90_000);
afterAll(async () => {
  await idp?.stop();
});

test('when a demo user logs in through the test identity provider, then a verifier on its JWKS accepts the token with the right roles', async () => {
  const verifier = createTokenVerifier({ jwksUrl: idp.jwksUrl });
  const token = await idp.login('employee@erp.example');
  await expect(authorize(verifier, { authorization: `Bearer ${token}` }, { roles: ['employee'] })).resolves.toMatchObject({
    email: 'employee@erp.example',
  });
  await expect(authorize(verifier, { authorization: `Bearer ${token}` }, { roles: ['admin'] })).rejects.toMatchObject({
    kind: 'forbidden',
  });
});

test('when a service uses its client secret, then it gets a service token for itself only', async () => {
  const source = createServiceTokenSource({ hrUrl: idp.url, clientId: 'orders', clientSecret: idp.clientSecret('orders') });
  const verifier = createTokenVerifier({ jwksUrl: idp.jwksUrl });
  await expect(verifier.verify(await source.token())).resolves.toMatchObject({ kind: 'service', roles: ['service', 'service:orders'] });
  expect(() => idp.clientSecret('observer')).toThrow(/no service account/);
});
