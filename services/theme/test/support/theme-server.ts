import { startService, createLogger, type RunningService } from '@erp/service-kit';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { buildThemeService, type ThemeConfig } from '../../src/service';

/** The theme service on port 0 with a fresh database, as the tests use it. */
export interface ThemeServer {
  url: string;
  service: RunningService<ThemeConfig>;
  /** The real hr that issues the tokens (one per test file). */
  idp: TestIdentityProvider;
  /** Empties both tables between tests. */
  truncate(): Promise<void>;
  /** Rows in a table, to prove that a refused request wrote nothing. */
  count(table: 'custom_themes' | 'theme_preferences'): Promise<number>;
  stop(): Promise<void>;
}

/** The test personas: ada is an employee, bob a manager, root an admin (hr's demo users). */
export type Persona = 'ada' | 'bob' | 'root';
const EMAILS: Record<Persona, string> = { ada: 'employee@erp.example', bob: 'manager@erp.example', root: 'admin@erp.example' };
const tokens = new Map<Persona, string>();

/** The access token of a persona, obtained at start by logging in like a client. */
export function tokenOf(persona: Persona): string {
  const token = tokens.get(persona);
  if (!token) throw new Error('start the theme server first');
  return token;
}

/** The token subject of a persona (hr's account id): what `/preferences/{userId}` and `ownerId` hold. */
export function subjectOf(persona: Persona): string {
  const payload = tokenOf(persona).split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string }).sub;
}

/** Starts a real hr (with `idpEnv`) and the service against a new database (dropped on stop). */
export async function startThemeServer(env: NodeJS.ProcessEnv = {}, idpEnv: Record<string, string> = {}): Promise<ThemeServer> {
  const idp = await startTestIdentityProvider({ serviceClients: ['orders'], env: idpEnv });
  for (const persona of Object.keys(EMAILS) as Persona[]) tokens.set(persona, await idp.login(EMAILS[persona]));
  const db: TestDatabase = await createTestDatabase('theme');
  const definition = buildThemeService({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent', HR_URL: idp.url, ...env });
  const service = await startService({ ...definition, handleSignals: false, logger: createLogger({ name: 'theme', level: 'silent' }) });
  const ds = service.context.dataSource;
  return {
    url: service.url,
    service,
    idp,
    truncate: async () => void (await ds.query('TRUNCATE theme_preferences, custom_themes')),
    count: async (table) => Number(((await ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>)[0]?.n),
    stop: async () => {
      await service.stop();
      await db.drop();
      await idp.stop();
    },
  };
}

/** JSON request helper: `as` sends the persona's access token (none: anonymous); an `authorization` header wins. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; as?: Persona; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  headers: Headers;
  json: Record<string, unknown> & { errors?: Array<{ field: string; message: string }> };
  text: string;
}> {
  const headers: Record<string, string> = { ...(options.as ? { authorization: `Bearer ${tokenOf(options.as)}` } : {}), ...options.headers };
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
