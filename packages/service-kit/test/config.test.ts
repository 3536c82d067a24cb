import { z } from 'zod';
import { ConfigError, baseConfigShape, defineConfig, envBoolean, envUrl } from '../src';

const shape = {
  ...baseConfigShape,
  CATALOG_URL: envUrl('http:', 'https:').describe('catalog base URL'),
  FEATURE_X: envBoolean().default(false),
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('defineConfig', () => {
  it('when the environment is valid, then values are parsed, coerced and defaulted', () => {
    const config = defineConfig(shape, { PORT: '8002', CATALOG_URL: 'http://127.0.0.1:8001', FEATURE_X: 'yes', RELEASE_ID: 'abc123' });
    expect(config).toEqual({
      PORT: 8002,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      BODY_LIMIT: '100kb',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      SHUTDOWN_DELAY_MS: 0,
      RELEASE_ID: 'abc123',
      CATALOG_URL: 'http://127.0.0.1:8001',
      FEATURE_X: true,
    });
  });

  it('when PORT is not a number, then the error names PORT and quotes the value', () => {
    expect(() => defineConfig(shape, { PORT: 'abc', CATALOG_URL: 'http://x' })).toThrow('PORT: expected a whole number 0–65535, got "abc"');
  });

  it('when DATABASE_POOL_MAX is below 2 (migrations hold one connection for their lock) or not a number, then it is named', () => {
    for (const value of ['1', '0', 'lots', '101']) {
      expect(() => defineConfig(baseConfigShape, { DATABASE_POOL_MAX: value })).toThrow(/DATABASE_POOL_MAX/);
    }
    expect(defineConfig(baseConfigShape, { DATABASE_POOL_MAX: '2' }).DATABASE_POOL_MAX).toBe(2);
    expect(defineConfig(baseConfigShape, {}).DATABASE_POOL_MAX).toBeUndefined();
  });

  it('when several variables are bad, then each one is named', () => {
    const problems = problemsOf(() =>
      defineConfig(shape, { PORT: '70000', LOG_LEVEL: 'loud', REDIS_URL: 'http://not-redis', BODY_LIMIT: 'huge' }),
    );
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['BODY_LIMIT', 'CATALOG_URL', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
    expect(problems).toContain('CATALOG_URL: is required');
    expect(problems).toContain('REDIS_URL: expected a URL (redis: or rediss:), got "http://not-redis"');
  });

  it('when a variable is an empty string, then it counts as unset', () => {
    const config = defineConfig(shape, { CATALOG_URL: 'http://x', REDIS_URL: '', PORT: '' }, { defaultPort: 8001 });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.PORT).toBe(8001);
  });

  it('when a default port is given and PORT is set, then PORT wins', () => {
    expect(defineConfig(shape, { CATALOG_URL: 'http://x', PORT: '0' }, { defaultPort: 8001 }).PORT).toBe(0);
  });

  it('when a service adds its own fields, then their zod errors are reported by name too', () => {
    const own = { ...baseConfigShape, CATALOG_SEED: z.enum(['true', 'false']).default('true') };
    expect(() => defineConfig(own, { CATALOG_SEED: 'maybe' })).toThrow(/CATALOG_SEED: .*got "maybe"/);
  });

  it('when a secret variable is bad, then the error names it without showing its value', () => {
    const own = { ...baseConfigShape, AUTH_CLIENT_SECRET: z.string().min(24), OBSERVER_ADMIN_TOKEN: z.string().regex(/^[\w-]+$/) };
    const problems = problemsOf(() => defineConfig(own, { AUTH_CLIENT_SECRET: 'short-secret', OBSERVER_ADMIN_TOKEN: 'has spaces in it' }));
    expect(problems.join('\n')).not.toMatch(/short-secret|has spaces/);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AUTH_CLIENT_SECRET: .*a value of 12 characters \(not shown\)$/),
        expect.stringMatching(/^OBSERVER_ADMIN_TOKEN: /),
      ]),
    );
  });

  it('when a URL with a password is bad, then the password is masked in the error', () => {
    const problems = problemsOf(() => defineConfig(shape, { CATALOG_URL: 'http://x', REDIS_URL: 'postgres://erp:hunter2@db:5432/x' }));
    expect(problems).toContain('REDIS_URL: expected a URL (redis: or rediss:), got "postgres://erp:***@db:5432/x"');
  });

  it('when RELEASE_ID is unset, then a default is filled in', () => {
    expect(defineConfig(baseConfigShape, {}).RELEASE_ID).toMatch(/^([0-9a-f]{7,}|dev)$/);
  });

  it('when looking at the base shape, then every variable is documented', () => {
    for (const [name, schema] of Object.entries(baseConfigShape)) expect([name, schema.description]).toEqual([name, expect.any(String)]);
  });
});
