import { startService, createLogger, type RunningService } from '@erp/service-kit';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { buildThemeService, type ThemeConfig } from '../../src/service';

/** The theme service on port 0 with a fresh database, as the tests use it. */
export interface ThemeServer {
  url: string;
  service: RunningService<ThemeConfig>;
  /** Empties both tables between tests. */
  truncate(): Promise<void>;
  /** Rows in a table, to prove that a refused request wrote nothing. */
  count(table: 'custom_themes' | 'theme_preferences'): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the service against a new database (dropped on stop). */
export async function startThemeServer(env: NodeJS.ProcessEnv = {}): Promise<ThemeServer> {
  const db: TestDatabase = await createTestDatabase('theme');
  const definition = buildThemeService({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent', ...env });
  const service = await startService({ ...definition, handleSignals: false, logger: createLogger({ name: 'theme', level: 'silent' }) });
  const ds = service.context.dataSource;
  return {
    url: service.url,
    service,
    truncate: async () => void (await ds.query('TRUNCATE theme_preferences, custom_themes')),
    count: async (table) => Number(((await ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>)[0]?.n),
    stop: async () => {
      await service.stop();
      await db.drop();
    },
  };
}

/** JSON request helper: `as` sets X-User-Id (and roles). */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; as?: string; roles?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> & { errors?: Array<{ field: string; message: string }> }; text: string }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers['x-user-id'] = options.as;
  if (options.roles) headers['x-user-roles'] = options.roles;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json = {} as Record<string, unknown>;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, json, text };
}
