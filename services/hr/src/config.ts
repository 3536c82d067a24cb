import { baseConfigShape, defineConfig, envBoolean, envInteger } from '@erp/service-kit';
import { z } from 'zod';

const CLIENT = /^([a-z][a-z0-9-]{0,63}):(.{24,256})$/;

/** `orders:secret,observer:secret` → [{ clientId, secret }]; secrets at least 24 characters. */
const serviceClients = z
  .string()
  .transform((value, ctx) => {
    const clients: Array<{ clientId: string; secret: string }> = [];
    for (const entry of value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const match = CLIENT.exec(entry);
      if (!match?.[1] || !match[2]) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected comma-separated clientId:secret pairs (lower-case id, secret of 24–256 characters)',
        });
        return z.NEVER;
      }
      clients.push({ clientId: match[1], secret: match[2] });
    }
    return clients;
  })
  .default([]);

/** hr's configuration: the kit's base plus identity settings. */
export const hrConfigShape = {
  ...baseConfigShape,
  AUTH_ACCESS_TOKEN_TTL_S: envInteger(1, 86_400)
    .default(900)
    .describe('lifetime of access tokens in seconds (short: leaving or a role change takes effect within it)'),
  AUTH_REFRESH_TOKEN_TTL_S: envInteger(60, 7_776_000).default(604_800).describe('lifetime of refresh tokens in seconds'),
  AUTH_MAX_FAILED_LOGINS: envInteger(1, 100).default(5).describe('failed logins in a row that lock an account'),
  AUTH_LOCKOUT_S: envInteger(1, 86_400).default(900).describe('how long a locked account stays locked, in seconds'),
  AUTH_CLOCK_TOLERANCE_S: envInteger(0, 300).default(5).describe('allowed clock skew when checking token expiry, in seconds'),
  AUTH_KEY_PUBLISH_GRACE_S: envInteger(0, 3_600)
    .default(60)
    .describe('a rotated-out key stays published for the access-token lifetime plus this long'),
  AUTH_SERVICE_CLIENTS: serviceClients.describe(
    'service accounts to create or update at start: "orders:<secret>,observer:<secret>,watchdog:<secret>"',
  ),
  HR_DEMO_SEED: envBoolean().default(false).describe('create demo users (admin, manager, employee), leave types and allocations on start'),
  HR_DEMO_PASSWORD: z
    .string()
    .min(12, { error: 'expected at least 12 characters' })
    .max(256)
    .optional()
    .describe('password of the demo users (set on every start); unset → a random one, logged once when the users are created'),
};

export type HrConfig = ReturnType<typeof loadHrConfig>;

/** Reads hr's configuration (PORT defaults to 8004). */
export function loadHrConfig(env: NodeJS.ProcessEnv = process.env) {
  return defineConfig(hrConfigShape, env, { defaultPort: 8004 });
}
