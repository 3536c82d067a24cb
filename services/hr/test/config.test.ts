import { loadHrConfig } from '../src/config';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/hr' };

test('when AUTH_SERVICE_CLIENTS lists id:secret pairs, then each becomes a service account to provision', () => {
  const config = loadHrConfig({ ...base, AUTH_SERVICE_CLIENTS: 'orders:0123456789abcdef01234567, observer:abcdefghijklmnopqrstuvwxyz' });
  expect(config.AUTH_SERVICE_CLIENTS).toEqual([
    { clientId: 'orders', secret: '0123456789abcdef01234567' },
    { clientId: 'observer', secret: 'abcdefghijklmnopqrstuvwxyz' },
  ]);
  expect(config.PORT).toBe(8004);
});

test('when a service secret is too short or the list is malformed, then start fails naming AUTH_SERVICE_CLIENTS', () => {
  expect(() => loadHrConfig({ ...base, AUTH_SERVICE_CLIENTS: 'orders:short' })).toThrow(/AUTH_SERVICE_CLIENTS/);
  expect(() => loadHrConfig({ ...base, AUTH_SERVICE_CLIENTS: 'Orders!' })).toThrow(/AUTH_SERVICE_CLIENTS/);
});

test('when the demo password is shorter than 12 characters, then start fails naming HR_DEMO_PASSWORD', () => {
  expect(() => loadHrConfig({ ...base, HR_DEMO_PASSWORD: 'short' })).toThrow(/HR_DEMO_PASSWORD/);
});
