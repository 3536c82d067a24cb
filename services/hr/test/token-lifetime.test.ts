import { decodeProtectedHeader } from 'jose';
import { waitFor } from '@erp/testing';
import { startHr, type HrHarness } from './support/hr-harness';

/** hr with 2-second access tokens, no clock tolerance and no publish grace, so expiry can be awaited. */
let hr: HrHarness;
beforeAll(async () => {
  hr = await startHr({ AUTH_ACCESS_TOKEN_TTL_S: '2', AUTH_CLOCK_TOLERANCE_S: '0', AUTH_KEY_PUBLISH_GRACE_S: '0' });
});
afterAll(async () => {
  await hr?.stop();
});

const kids = async (): Promise<string[]> =>
  (await hr.client.call<{ keys: Array<{ kid: string }> }>('get', '/.well-known/jwks.json')).body.keys.map((k) => k.kid);

test('when an access token expires, then it is refused with 401 "expired"', async () => {
  const token = await hr.client.login('employee@erp.example');
  expect((await hr.client.call('get', '/api/v1/auth/me', { token })).status).toBe(200);
  const refused = await waitFor(
    async () => {
      const reply = await hr.client.call('get', '/api/v1/auth/me', { token });
      return reply.status === 401 ? reply : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 200, message: 'token expiry' },
  );
  expect(refused.body.detail).toMatch(/expired/);
});

test('when the keys are rotated, then old tokens stay valid until they expire, new tokens use the new key, and the old key leaves the JWKS afterwards', async () => {
  const admin = await hr.client.login('admin@erp.example');
  const oldKid = decodeProtectedHeader(admin).kid as string;
  const rotated = await hr.client.call<{ kid: string; retiredKid: string }>('post', '/api/v1/auth/keys/rotate', { token: admin });
  expect(rotated.status).toBe(200);
  expect(rotated.body.retiredKid).toBe(oldKid);
  expect(await kids()).toEqual(expect.arrayContaining([oldKid, rotated.body.kid]));

  expect((await hr.client.call('get', '/api/v1/auth/me', { token: admin })).status).toBe(200);
  const fresh = await hr.client.login('manager@erp.example');
  expect(decodeProtectedHeader(fresh).kid).toBe(rotated.body.kid);
  expect((await hr.client.call('get', '/api/v1/auth/me', { token: fresh })).status).toBe(200);

  await waitFor(async () => !(await kids()).includes(oldKid), { timeoutMs: 10_000, intervalMs: 200, message: 'old key unpublished' });
  expect(await kids()).toEqual([rotated.body.kid]);
});

test('when a non-admin asks to rotate the keys, then 403 and the keys stay', async () => {
  const before = await kids();
  const manager = await hr.client.login('manager@erp.example');
  expect((await hr.client.call('post', '/api/v1/auth/keys/rotate', { token: manager })).status).toBe(403);
  expect(await kids()).toEqual(before);
});
