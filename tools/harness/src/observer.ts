import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '@erp/service-kit';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { buildObserverService, type ObserverConfigInput, type ObserverEnvConfig } from '@erp/observer';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A real observer on 127.0.0.1 port 0 with its own fresh database and config file. */
export interface ObserverHarness {
  url: string;
  configPath: string;
  service: RunningService<ObserverEnvConfig>;
  writeConfig(config: ObserverConfigInput | string): Promise<void>;
  /** fetch against the observer; JSON bodies are sent as given. */
  request(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown; headers: Headers }>;
  get<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startObserver(config: ObserverConfigInput, env: Record<string, string | undefined> = {}): Promise<ObserverHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'observer-config-'));
  const configPath = join(dir, 'observer_config.json');
  const writeConfig = (next: ObserverConfigInput | string) =>
    writeFile(configPath, typeof next === 'string' ? next : JSON.stringify(next, null, 2));
  await writeConfig(config);
  const db: TestDatabase = await createTestDatabase('observer');
  const service = await startService({
    ...buildObserverService({
      PORT: '0',
      LOG_LEVEL: process.env.OBSERVER_TEST_LOG ?? 'silent',
      DATABASE_URL: db.url,
      OBSERVER_CONFIG: configPath,
      OBSERVER_ADMIN_TOKEN: ADMIN_TOKEN,
      RELEASE_ID: 'test',
      ...env,
    }),
    handleSignals: false,
  });
  const request: ObserverHarness['request'] = async (path, init = {}) => {
    const token = init.token === undefined ? ADMIN_TOKEN : init.token;
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers };
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(service.url + path, { method: init.method ?? 'GET', headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    url: service.url,
    configPath,
    service,
    writeConfig,
    request,
    async get<T>(path: string) {
      const response = await request(path);
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body as T;
    },
    async stop() {
      await service.stop();
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Fast settings for tests: 1 s polls, small thresholds, short grouping window. */
export function fastConfig(targets: ObserverConfigInput['targets'], overrides: Partial<ObserverConfigInput> = {}): ObserverConfigInput {
  return {
    defaults: { intervalSeconds: 1, timeoutMs: 500, thresholds: { failureThreshold: 2, successThreshold: 2, degradedForSeconds: 2 } },
    targets,
    scheduler: { concurrency: 50, jitterMs: 50 },
    alerting: {
      groupWindowSeconds: 1.5,
      reminderIntervalSeconds: 0,
      retryAttempts: 3,
      retryInitialDelayMs: 100,
      minIntervalMs: { slack: 0 },
    },
    reports: { enabled: false },
    ...overrides,
  };
}
