import { Writable } from 'node:stream';
import { Client } from 'pg';
import pino from 'pino';
import { startService, type RunningService } from '@erp/service-kit';
import { createTcpProxy, createTestDatabase, type TcpProxy, type TestDatabase } from '@erp/testing';
import { startTestIdentityProvider, type TestIdentityProvider } from './identity-provider';
import { buildCatalogService } from '@erp/catalog';
import { buildInventoryService } from '@erp/inventory';
import { buildOrdersService } from '@erp/orders';

/** A JSON answer. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  contentType: string;
  headers: Headers;
}

/** One running service reachable over HTTP, with SQL on its own database. */
export interface Node {
  url: string;
  /** fetch + JSON as `as` (default admin; 'anonymous' sends no token); an `authorization` header replaces the token. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>, as?: Caller | 'anonymous'): Promise<Answer>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** Who a test call is made as: the demo users of the identity provider. */
export type Caller = 'admin' | 'manager' | 'employee';

/** catalog + inventory + orders, started for real on port 0 with a database each; orders reaches catalog and inventory through pausable TCP proxies. */
export interface Fleet {
  catalog: Node;
  inventory: Node & { down(): Promise<void>; up(): Promise<void> };
  orders: Node;
  inventoryProxy: TcpProxy;
  catalogProxy: TcpProxy;
  /** The real hr the services verify tokens with; orders gets its service-account token from it. */
  idp: TestIdentityProvider;
  /** Access tokens of the demo users, obtained by logging in like a client. */
  tokens: Record<Caller, string>;
  /** Empties orders and inventory (catalog keeps its products). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Quiet unless TEST_LOG names a level (e.g. TEST_LOG=debug to see the services' logs on stderr). */
const silent = process.env.TEST_LOG
  ? pino({ level: process.env.TEST_LOG }, process.stderr)
  : pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

async function node(service: RunningService, db: TestDatabase, tokens: Record<Caller, string>): Promise<Node & { client: Client }> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  return {
    url: service.url,
    client,
    call: (method, path, body, headers, as) => call(service.url, method, path, body, withToken(tokens, headers, as)),
    sql: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
  };
}

/** `headers` with the bearer token of `as` (default admin) unless they carry one or `as` is 'anonymous'. */
function withToken(
  tokens: Record<Caller, string>,
  headers: Record<string, string> = {},
  as: Caller | 'anonymous' = 'admin',
): Record<string, string> {
  return as === 'anonymous' ? headers : { authorization: `Bearer ${tokens[as]}`, ...headers };
}

/** fetch + JSON. A string body is sent as is. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
  };
}

/**
 * Starts a real hr (with `idpEnv`) and the three services. `ordersEnv` / `inventoryEnv` / `catalogEnv` add to the test
 * defaults; `inventoryClock` sets and judges inventory's reservation deadlines (default: the real time).
 */
export async function startFleet(
  options: {
    ordersEnv?: Record<string, string>;
    inventoryEnv?: Record<string, string>;
    catalogEnv?: Record<string, string>;
    idpEnv?: Record<string, string>;
    inventoryClock?: () => number;
  } = {},
): Promise<Fleet> {
  const dbs = await Promise.all([createTestDatabase('catalog'), createTestDatabase('inventory'), createTestDatabase('orders')]);
  const [catalogDb, inventoryDb, ordersDb] = dbs;
  const idp = await startTestIdentityProvider({ serviceClients: ['orders'], env: options.idpEnv });
  const [admin, manager, employee] = await Promise.all([
    idp.login('admin@erp.example'),
    idp.login('manager@erp.example'),
    idp.login('employee@erp.example'),
  ]);
  const tokens: Record<Caller, string> = { admin, manager, employee };
  const catalogService = await startService({
    ...buildCatalogService({ DATABASE_URL: catalogDb!.url, PORT: '0', CATALOG_SEED: 'true', HR_URL: idp.url, ...options.catalogEnv }),
    handleSignals: false,
    logger: silent,
  });
  const inventoryEnv = { DATABASE_URL: inventoryDb!.url, PORT: '0', INVENTORY_SEED: 'false', HR_URL: idp.url, ...options.inventoryEnv };
  let inventoryService = await startService({
    ...buildInventoryService(inventoryEnv, { clock: options.inventoryClock }),
    handleSignals: false,
    logger: silent,
  });
  const inventoryPort = inventoryService.port;
  let inventoryDown = false;
  const proxy = await createTcpProxy({ targetPort: inventoryPort });
  const catalogProxy = await createTcpProxy({ targetPort: catalogService.port });
  const ordersService = await startService({
    ...buildOrdersService({
      DATABASE_URL: ordersDb!.url,
      PORT: '0',
      CATALOG_URL: `http://127.0.0.1:${catalogProxy.port}`,
      INVENTORY_URL: `http://127.0.0.1:${proxy.port}`,
      HR_URL: idp.url,
      AUTH_CLIENT_ID: 'orders',
      AUTH_CLIENT_SECRET: idp.clientSecret('orders'),
      // generous: the whole fleet shares one jest process on a loaded 2-core machine (the failure suite sets its own)
      INVENTORY_TIMEOUT_MS: '15000',
      CATALOG_TIMEOUT_MS: '15000',
      INVENTORY_RETRIES: '1',
      BREAKER_HALF_OPEN_MS: '200',
      COMPENSATION_INTERVAL_MS: '100',
      COMPENSATION_MAX_BACKOFF_MS: '300',
      OUTBOX_INTERVAL_MS: '100',
      ...options.ordersEnv,
    }),
    handleSignals: false,
    logger: silent,
  });
  const catalog = await node(catalogService, catalogDb!, tokens);
  const inventoryNode = await node(inventoryService, inventoryDb!, tokens);
  const orders = await node(ordersService, ordersDb!, tokens);
  const inventory = {
    ...inventoryNode,
    call: (method: string, path: string, body?: unknown, headers?: Record<string, string>, as?: Caller | 'anonymous') =>
      call(inventoryService.url, method, path, body, withToken(tokens, headers, as)),
    /** Stops inventory (connections to it are refused until up()). */
    async down() {
      if (inventoryDown) return;
      inventoryDown = true;
      await inventoryService.stop();
    },
    /** Starts inventory again on the same port with the same database (no-op when it is up). */
    async up() {
      if (!inventoryDown) return;
      inventoryDown = false;
      inventoryService = await startService({
        ...buildInventoryService({ ...inventoryEnv, PORT: String(inventoryPort) }, { clock: options.inventoryClock }),
        handleSignals: false,
        logger: silent,
      });
    },
  };
  return {
    catalog,
    inventory,
    orders,
    inventoryProxy: proxy,
    catalogProxy,
    idp,
    tokens,
    async reset() {
      // DELETE, not TRUNCATE: the background jobs keep running and TRUNCATE's table locks would deadlock with them
      for (const table of [
        'deliveries',
        'subscriptions',
        'outbox',
        'compensations',
        'idempotency_keys',
        'cart_lines',
        'carts',
        'order_transitions',
        'order_lines',
        'orders',
      ]) {
        await orders.sql(`DELETE FROM ${table}`);
      }
      await inventory.sql('TRUNCATE movements, reservation_lines, reservations, stock_levels, sku_settings');
    },
    async stop() {
      await ordersService.stop();
      await proxy.close();
      await catalogProxy.close();
      await inventoryService.stop();
      await catalogService.stop();
      await Promise.all([catalog.client.end(), inventoryNode.client.end(), orders.client.end()]);
      await Promise.all(dbs.map((db) => db.drop()));
      await idp.stop();
    },
  };
}

/** Creates catalog products for a test (active unless said otherwise). */
export async function addProducts(
  fleet: Fleet,
  products: Array<{ sku: string; priceCents: number; currency?: string; active?: boolean }>,
): Promise<void> {
  for (const p of products) {
    const { status, body } = await fleet.catalog.call('POST', '/api/v1/products', {
      sku: p.sku,
      name: `Product ${p.sku}`,
      priceCents: p.priceCents,
      currency: p.currency ?? 'EUR',
      active: p.active ?? true,
    });
    if (status !== 201) throw new Error(`creating ${p.sku} in catalog: ${status} ${JSON.stringify(body)}`);
  }
}

/** Puts `quantity` units of `sku` on hand in inventory. */
export async function stock(fleet: Fleet, sku: string, quantity: number): Promise<void> {
  const { status } = await fleet.inventory.call('POST', `/api/v1/stock/${sku}/adjustments`, { delta: quantity, reason: 'test stock' });
  if (status !== 201) throw new Error(`stocking ${sku}: ${status}`);
}

/** Current stock of a sku in inventory. */
export async function levels(fleet: Fleet, sku: string): Promise<{ onHand: number; reserved: number; available: number }> {
  return (await fleet.inventory.call('GET', `/api/v1/stock/${sku}`)).body as { onHand: number; reserved: number; available: number };
}

/** Asserts that inventory's ledger equals its levels and its active reservations. */
export async function expectLedgerConsistent(fleet: Fleet): Promise<void> {
  const { body } = await fleet.inventory.call('GET', '/api/v1/ledger/verification');
  expect(body).toEqual({ consistent: true, mismatches: [] });
}

let keys = 0;
/** A fresh Idempotency-Key. */
export const newKey = (): string => `k-${process.pid}-${Date.now()}-${++keys}`;

/** POST /api/v1/orders with an Idempotency-Key. */
export function placeOrder(fleet: Fleet, body: unknown, key = newKey(), as: Caller | 'anonymous' = 'admin'): Promise<Answer> {
  return fleet.orders.call('POST', '/api/v1/orders', body, { 'idempotency-key': key }, as);
}
