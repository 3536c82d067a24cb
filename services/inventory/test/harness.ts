import { Writable } from 'node:stream';
import { Client } from 'pg';
import pino from 'pino';
import { startService, type RunningService } from '@erp/service-kit';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { buildInventoryService, type InventoryConfig } from '../src/service';

/** A real inventory service on port 0 with its own fresh database. */
export interface InventoryHarness {
  url: string;
  db: TestDatabase;
  service: RunningService<InventoryConfig>;
  /** The real hr that issued the tokens. */
  idp: TestIdentityProvider;
  /** Access tokens obtained like a client: logins of the demo users and the orders service account. */
  tokens: Record<Caller, string>;
  /**
   * fetch + JSON against the service, as `as` (default admin; 'anonymous' sends no token). An `authorization`
   * header in `headers` replaces the token.
   */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    as?: Caller | 'anonymous',
  ): Promise<{ status: number; body: Record<string, unknown>; contentType: string }>;
  /** Runs SQL directly on the service's database. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Empties every table but locations (keeping "main"). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Who a test call is made as. */
export type Caller = 'admin' | 'manager' | 'employee' | 'orders';

const silent = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

/** What else a test may choose: the clock that sets and judges reservation deadlines, a database prepared beforehand. */
export interface InventoryHarnessOptions {
  /** Default: the real time. */
  clock?: () => number;
  /** Default: a fresh one. The harness drops it at stop. */
  db?: TestDatabase;
}

/** Starts a real hr (with `idpEnv`) and inventory with `env` on top of test defaults (no seed, no expiry runs unless asked). */
export async function startInventory(
  env: Record<string, string> = {},
  idpEnv: Record<string, string> = {},
  options: InventoryHarnessOptions = {},
): Promise<InventoryHarness> {
  const idp = await startTestIdentityProvider({ serviceClients: ['orders'], env: idpEnv });
  const [admin, manager, employee, orders] = await Promise.all([
    idp.login('admin@erp.example'),
    idp.login('manager@erp.example'),
    idp.login('employee@erp.example'),
    idp.serviceToken('orders'),
  ]);
  const tokens: Record<Caller, string> = { admin, manager, employee, orders };
  const db = options.db ?? (await createTestDatabase('inventory'));
  const service = await startService({
    ...buildInventoryService(
      { DATABASE_URL: db.url, PORT: '0', HR_URL: idp.url, INVENTORY_SEED: 'false', RESERVATION_EXPIRY_CRON: '0 0 1 1 *', ...env },
      { clock: options.clock },
    ),
    handleSignals: false,
    logger: silent,
  });
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const harness: InventoryHarness = {
    url: service.url,
    db,
    service,
    idp,
    tokens,
    async call(method, path, body, headers = {}, as = 'admin') {
      const response = await fetch(service.url + path, {
        method,
        headers: {
          ...(as === 'anonymous' ? {} : { authorization: `Bearer ${tokens[as]}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        contentType: response.headers.get('content-type') ?? '',
      };
    },
    async sql<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    async reset() {
      await client.query('TRUNCATE movements, reservation_lines, reservations, stock_levels, sku_settings');
      await client.query(`DELETE FROM locations WHERE code <> 'main'`);
    },
    async stop() {
      await service.stop();
      await client.end();
      await db.drop();
      await idp.stop();
    },
  };
  return harness;
}

/** Asserts through the API that every stock level equals its ledger and its active reservations. */
export async function expectLedgerConsistent(harness: Pick<InventoryHarness, 'call'>): Promise<void> {
  const { status, body } = await harness.call('GET', '/api/v1/ledger/verification');
  expect(status).toBe(200);
  expect(body).toEqual({ consistent: true, mismatches: [] });
}
