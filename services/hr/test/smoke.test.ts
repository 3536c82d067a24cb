import { startHr, type HrHarness } from './support/hr-harness';

let hr: HrHarness;
beforeAll(async () => {
  hr = await startHr();
});
afterAll(async () => {
  await hr?.stop();
});

test('when the demo admin logs in, then /me names them', async () => {
  const token = await hr.client.login('admin@erp.example');
  const me = await hr.client.call('get', '/api/v1/auth/me', { token });
  expect(me.status).toBe(200);
  const jwks = await hr.client.call('get', '/.well-known/jwks.json');
  expect(jwks.status).toBe(200);
});
