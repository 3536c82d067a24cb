import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Service accounts hr creates for calls between fleet members (client credentials). */
export const SERVICE_CLIENTS = ['orders', 'observer', 'watchdog'] as const;

const secretsSchema = z.object({
  demoPassword: z.string().min(12),
  /** Bearer token for the observer's write routes (silences, maintenance, events). */
  observerAdminToken: z.string().min(24),
  /** Bearer token for the watchdog's admin routes (clearing a give-up mark). */
  watchdogAdminToken: z.string().min(24),
  clients: z.record(z.string(), z.string().min(24)),
});

/** Secrets of the local fleet: the demo users' password, the admin tokens and the service accounts' client secrets. */
export type FleetSecrets = z.infer<typeof secretsSchema>;

const fresh = (bytes: number): string => randomBytes(bytes).toString('base64url');

/**
 * Reads `<stateDir>/secrets.json` (owner-only), creating or completing it with random values, so that the demo
 * login, admin tokens and service accounts stay the same from one `pnpm start` to the next.
 */
export function loadFleetSecrets(stateDir: string): FleetSecrets {
  const file = path.join(stateDir, 'secrets.json');
  const parsed = existsSync(file) ? secretsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8'))) : null;
  const secrets: FleetSecrets = parsed?.success
    ? parsed.data
    : { demoPassword: fresh(12), observerAdminToken: fresh(32), watchdogAdminToken: fresh(32), clients: {} };
  let changed = !parsed?.success;
  for (const client of SERVICE_CLIENTS) {
    if (!secrets.clients[client]) {
      secrets.clients[client] = fresh(32);
      changed = true;
    }
  }
  if (changed) writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
