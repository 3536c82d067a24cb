import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createTestDatabase, waitFor, type TestDatabase } from '@erp/testing';

/**
 * A real hr process for other services' tests: tokens are obtained the way a client would (login,
 * client credentials), and verified through hr's real JWKS. hr is spawned like the launcher does it
 * (`node --import tsx services/hr/src/main.ts`), never imported.
 */
export interface TestIdentityProvider {
  /** hr's base URL: pass it to the service under test as `HR_URL`. */
  url: string;
  jwksUrl: string;
  /** Password of the demo users admin@, manager@ and employee@erp.example. */
  password: string;
  /** Logs a demo user in; returns the access token. */
  login(email?: 'admin@erp.example' | 'manager@erp.example' | 'employee@erp.example' | (string & {})): Promise<string>;
  /** Client-credentials token of a service account created at start. */
  serviceToken(clientId: string): Promise<string>;
  /** The secret of a service account created at start (for `AUTH_CLIENT_SECRET`). */
  clientSecret(clientId: string): string;
  stop(): Promise<void>;
}

const HR_MAIN = path.resolve(__dirname, '../../../services/hr/src/main.ts');

/** Starts hr on a free port with a fresh database, demo users and the given service accounts. */
export async function startTestIdentityProvider(
  options: { serviceClients?: string[]; env?: Record<string, string> } = {},
): Promise<TestIdentityProvider> {
  const db: TestDatabase = await createTestDatabase('hr_idp');
  const password = randomBytes(12).toString('base64url');
  const secrets = new Map((options.serviceClients ?? []).map((id) => [id, randomBytes(24).toString('base64url')]));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', HR_MAIN], {
    cwd: path.dirname(path.dirname(HR_MAIN)),
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      HR_DEMO_SEED: 'true',
      HR_DEMO_PASSWORD: password,
      AUTH_SERVICE_CLIENTS: [...secrets].map(([id, secret]) => `${id}:${secret}`).join(','),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let url: string | undefined;
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    for (const line of chunk.toString().split('\n')) {
      if (!line.includes('hr listening')) continue;
      try {
        url = (JSON.parse(line) as { url?: string }).url;
      } catch {
        // a partial line; the next chunk completes it
      }
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    await db.drop();
  };

  try {
    const base = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`hr exited with ${child.exitCode}:\n${output}`);
        return url;
      },
      { timeoutMs: 60_000, intervalMs: 50, message: 'hr listening' },
    );
    const post = async (route: string, body: unknown): Promise<string> => {
      const response = await fetch(base + route, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { accessToken?: string };
      if (!response.ok || !json.accessToken) throw new Error(`${route} answered ${response.status}: ${JSON.stringify(json)}`);
      return json.accessToken;
    };
    return {
      url: base,
      jwksUrl: `${base}/.well-known/jwks.json`,
      password,
      login: (email = 'admin@erp.example') => post('/api/v1/auth/login', { email, password }),
      serviceToken: (clientId) => post('/api/v1/auth/service-token', { clientId, clientSecret: secrets.get(clientId) ?? '' }),
      clientSecret: (clientId) => {
        const secret = secrets.get(clientId);
        if (!secret) throw new Error(`no service account ${clientId}: pass it in serviceClients`);
        return secret;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
