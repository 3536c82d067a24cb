/**
 * Logging in to the fleet, as any client does: `POST ${HR_URL}/api/v1/auth/login` with `ERP_EMAIL` / `ERP_PASSWORD`
 * (`pnpm start` prints the demo login and keeps the password in `.erp/secrets.json` → `demoPassword`).
 * Call it in `setup()`: the token lives 15 minutes (hr's `AUTH_ACCESS_TOKEN_TTL_S`), longer than a k6 run here.
 */
import { fail } from 'k6';
import http from 'k6/http';
import { jsonBody, serviceUrl, tagged } from './fleet.js';

/** Least privilege for what the scripts do: a manager places orders and books receipts. */
export const DEFAULT_EMAIL = 'manager@erp.example';

/**
 * Logs in; returns the request headers that carry the access token (`Authorization: Bearer …`). Fails setup otherwise.
 * @param {Record<string, string | undefined>} env k6's `__ENV`
 * @returns {{ Authorization: string }}
 */
export function login(env) {
  const hr = serviceUrl(env, 'hr');
  const email = env.ERP_EMAIL || DEFAULT_EMAIL;
  if (!env.ERP_PASSWORD)
    fail(`ERP_PASSWORD is not set: the password of ${email} (pnpm start prints the demo login; it is in .erp/secrets.json → demoPassword)`);
  const res = http.post(
    `${hr}/api/v1/auth/login`,
    JSON.stringify({ email, password: env.ERP_PASSWORD }),
    tagged('setup', 'POST /api/v1/auth/login', { headers: { 'Content-Type': 'application/json' } }),
  );
  if (res.status !== 200)
    fail(`POST ${hr}/api/v1/auth/login as ${email} answered ${res.status}: ${res.status === 0 ? 'is hr running?' : res.body}`);
  /** @type {{ accessToken: string }} */
  const session = jsonBody(res);
  return { Authorization: `Bearer ${session.accessToken}` };
}
