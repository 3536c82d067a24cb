import { createLogger, startService, type RunningService } from '@erp/service-kit';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import type { HrConfig } from '../../src/config';
import { buildHrService } from '../../src/service';

export const DEMO_PASSWORD = 'demo-password-for-tests';

/** A running hr on port 0 with its own fresh database, seeded with the demo users (password {@link DEMO_PASSWORD}). */
export interface HrHarness {
  url: string;
  service: RunningService<HrConfig>;
  db: TestDatabase;
  client: Client;
  stop(): Promise<void>;
}

/** Starts hr like `pnpm start` does, with extra env on top. */
export async function startHr(env: Record<string, string> = {}): Promise<HrHarness> {
  const db = await createTestDatabase('hr');
  const definition = buildHrService({ DATABASE_URL: db.url, PORT: '0', HR_DEMO_SEED: 'true', HR_DEMO_PASSWORD: DEMO_PASSWORD, ...env });
  const service = await startService({
    ...definition,
    handleSignals: false,
    logger: createLogger({ name: 'hr', level: process.env.TEST_LOG_LEVEL === 'error' ? 'error' : 'silent' }),
  });
  return {
    url: service.url,
    service,
    db,
    client: new Client(service.url),
    async stop() {
      await service.stop();
      await db.drop();
    },
  };
}

/** An HTTP answer with its parsed JSON body. */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** Options of one request. */
export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Raw body text, sent as is (for invalid JSON and oversized bodies). */
  raw?: string;
  headers?: Record<string, string>;
}

/** A tiny client that talks to hr the way any other client would. */
export class Client {
  constructor(readonly baseUrl: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, { method: method.toUpperCase(), headers, body });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  /** Logs in and returns the access token (fails the test on anything but 200). */
  async login(email: string, password = DEMO_PASSWORD): Promise<string> {
    const reply = await this.call<{ accessToken: string }>('post', '/api/v1/auth/login', { body: { email, password } });
    if (reply.status !== 200) throw new Error(`login of ${email} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body.accessToken;
  }
}
