import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { startTestIdentityProvider } from '@erp/harness';
import { buildCatalogService } from '@erp/catalog';
import { buildInventoryService } from '@erp/inventory';
import { buildOrdersService } from '@erp/orders';
import { createLogger, startService, type BaseConfig, type ServiceDefinition } from '@erp/service-kit';
import { createTestDatabase } from '@erp/testing';
import { POSTGRES, REDIS } from '../prerequisites';
import { defineScenario, type GoalResult, type Json, type StartedServer } from '../scenario';
import { LatencyRecorder, measurementOf, round3 } from '../measure';
import { openLoad } from '../open-load';
import { BENCH_REDIS_URL } from '../redis';
import { benchGoals } from '../thresholds';

/** The sku that is deliberately scarce, so that the run also proves nothing is oversold under load. */
const HOT_SKU = 'HP-ANC-700';
const HOT_STOCK = 300;
/** Units of every other demo sku: far more than a run can sell. */
const PLENTY = 1_000_000;

type Env = Record<string, string>;

/** Starts one service as `pnpm start` runs it (info logs on stdout, helmet, request ids, health), from its env. */
async function serve<C extends BaseConfig>(build: (env: Env) => ServiceDefinition<C>, name: string, input: Json): Promise<StartedServer> {
  const env = { PORT: '0', LOG_LEVEL: 'info', ...(input as Env) };
  const running = await startService({ ...build(env), handleSignals: false, logger: createLogger({ name, level: 'info' }) });
  return { url: running.url, close: () => running.stop() };
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** An order of 1–3 distinct demo skus, one unit each; every tenth names the scarce sku. */
function orderBody(n: number, skus: string[]): string {
  const count = 1 + (n % 3);
  const start = (n * 7) % skus.length;
  const lines = Array.from({ length: count }, (_, i) => ({ sku: skus[(start + i) % skus.length]!, quantity: 1 }));
  if (n % 10 === 0) lines[0] = { sku: HOT_SKU, quantity: 1 };
  return JSON.stringify({ customerId: `bench-${n % 500}`, lines: [...new Map(lines.map((l) => [l.sku, l])).values()] });
}

/** The staff user the run places orders as (also books the receipt and reads the ledger: role manager). */
const STAFF_EMAIL = 'manager@erp.example';

/** Fires order placements as the logged-in user (`authorization`) with unique Idempotency-Keys; records the latency of every confirmed (201) order. */
function placeOrders(
  url: string,
  authorization: string,
  skus: string[],
  connections: number,
  durationSeconds: number,
  latencies?: LatencyRecorder,
) {
  let n = 0;
  const statuses: Record<number, number> = {};
  return new Promise<{ result: autocannon.Result; statuses: Record<number, number> }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/api/v1/orders`,
        connections,
        duration: durationSeconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              n += 1;
              return {
                ...request,
                headers: {
                  'content-type': 'application/json',
                  authorization,
                  'idempotency-key': `bench-${process.pid}-${Date.now()}-${n}`,
                },
                body: orderBody(n, skus),
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, statuses })),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode === 201) latencies?.record(responseTime);
    });
  });
}

export default defineScenario({
  name: 'orders',
  description:
    "order placement end to end as a logged-in staff user (orders → catalog prices → inventory reservation with orders' service account), unique Idempotency-Key per order, with an oversell check",
  servers: {
    catalog: (input) => serve(buildCatalogService, 'catalog', input),
    inventory: (input) => serve(buildInventoryService, 'inventory', input),
    orders: (input) => serve(buildOrdersService, 'orders', input),
  },
  requires: [POSTGRES, REDIS],
  async run(ctx) {
    const databases = await Promise.all(['bench_catalog', 'bench_inventory', 'bench_orders'].map((name) => createTestDatabase(name)));
    for (const db of databases) ctx.onCleanup(() => db.drop());
    const [catalogDb, inventoryDb, ordersDb] = databases.map((db) => db.url);
    // A real hr, as in production: every service verifies tokens against its JWKS, orders reserves stock in inventory
    // with its own service account (client credentials), and the load runs as a logged-in staff user.
    const idp = await startTestIdentityProvider({ serviceClients: ['orders'] });
    ctx.onCleanup(() => idp.stop());
    const auth = { headers: { authorization: `Bearer ${await idp.login(STAFF_EMAIL)}` } };
    // Redis as in production: catalog caches its reads there and publishes product changes, which lets orders keep prices in memory.
    const catalog = await ctx.startServer('catalog', {
      DATABASE_URL: catalogDb!,
      CATALOG_SEED: 'true',
      HR_URL: idp.url,
      REDIS_URL: BENCH_REDIS_URL,
      CATALOG_CACHE_PREFIX: `bench${randomBytes(4).toString('hex')}:`,
    });
    const inventory = await ctx.startServer('inventory', { DATABASE_URL: inventoryDb!, INVENTORY_SEED: 'false', HR_URL: idp.url });
    const orders = await ctx.startServer('orders', {
      DATABASE_URL: ordersDb!,
      CATALOG_URL: catalog.url,
      INVENTORY_URL: inventory.url,
      HR_URL: idp.url,
      AUTH_CLIENT_ID: 'orders',
      AUTH_CLIENT_SECRET: idp.clientSecret('orders'),
      REDIS_URL: BENCH_REDIS_URL,
    });

    const products = await json<{ items: Array<{ sku: string; active: boolean }> }>(`${catalog.url}/api/v1/products?limit=100`);
    const skus = products.items.filter((p) => p.active && p.sku !== HOT_SKU).map((p) => p.sku);
    await json(`${inventory.url}/api/v1/receipts`, {
      ...auth,
      method: 'POST',
      body: JSON.stringify({
        reference: 'bench',
        lines: [{ sku: HOT_SKU, quantity: HOT_STOCK }, ...skus.map((sku) => ({ sku, quantity: PLENTY }))],
      }),
    });

    const { connections, durationSeconds, warmupSeconds } = ctx.options;
    const { confirmedOrdersMinPerSec, confirmedP95MaxMs } = benchGoals().orders;
    const authorization = auth.headers.authorization;
    if (warmupSeconds > 0) {
      ctx.log(`warm-up: ${warmupSeconds} s of orders`);
      await placeOrders(orders.url, authorization, skus, connections, warmupSeconds);
    }

    // 1. Latency at the goal rate: orders arrive evenly at confirmedOrdersMinPerSec over `connections` connections.
    ctx.log(`measuring latency: ${durationSeconds} s of orders arriving at ${confirmedOrdersMinPerSec}/s over ${connections} connections`);
    const atRate = new LatencyRecorder();
    let n = 1_000_000;
    const open = await openLoad({
      url: `${orders.url}/api/v1/orders`,
      method: 'POST',
      ratePerSec: confirmedOrdersMinPerSec,
      connections,
      durationSeconds,
      request: () => {
        n += 1;
        return {
          headers: { 'content-type': 'application/json', authorization, 'idempotency-key': `bench-${process.pid}-${Date.now()}-${n}` },
          body: orderBody(n, skus),
        };
      },
      onResponse: (status, ms) => {
        if (status === 201) atRate.record(ms);
      },
    });
    const openOther = open.sent - (open.statuses[201] ?? 0) - (open.statuses[409] ?? 0);
    const atRateRow = measurementOf(
      `confirmed orders arriving at ${confirmedOrdersMinPerSec}/s`,
      `${orders.url}/api/v1/orders`,
      ctx.options,
      atRate,
      {
        requests: atRate.size,
        elapsedSeconds: open.durationSeconds,
        non2xx: openOther,
        errors: open.errors,
        timeouts: open.timeouts,
      },
    );
    const p95AtRate = round3(atRate.percentiles(95)[0] ?? 0);

    // 2. Capacity: every connection places its next order as soon as the last one is answered.
    ctx.log(`measuring capacity: ${durationSeconds} s of orders, ${connections} connections flat out`);
    const latencies = new LatencyRecorder();
    const { result, statuses } = await placeOrders(orders.url, authorization, skus, connections, durationSeconds, latencies);
    const confirmed = statuses[201] ?? 0;
    const outOfStock = statuses[409] ?? 0;
    const other = result.requests.total - confirmed - outOfStock;
    const measurement = measurementOf(
      `confirmed orders, ${connections} clients flat out`,
      `${orders.url}/api/v1/orders`,
      ctx.options,
      latencies,
      {
        requests: confirmed,
        elapsedSeconds: result.duration || durationSeconds,
        non2xx: other,
        errors: result.errors,
        timeouts: result.timeouts,
      },
    );
    const p95 = round3(latencies.percentiles(95)[0] ?? 0);

    // Nothing oversold: the scarce sku sold exactly what it had (or less), every level equals its ledger,
    // and what inventory holds reserved equals what orders confirmed — read once no placement is in flight.
    await settle(orders.url, auth);
    const hot = await json<{ onHand: number; reserved: number }>(`${inventory.url}/api/v1/stock/${HOT_SKU}`);
    const ledger = await json<{ consistent: boolean }>(`${inventory.url}/api/v1/ledger/verification`, auth);
    const confirmedHot = await countConfirmed(orders.url, HOT_SKU, auth);
    const soldRight = ledger.consistent && hot.reserved <= hot.onHand && hot.onHand === HOT_STOCK && confirmedHot === hot.reserved;

    const goals: GoalResult[] = [
      {
        name: `confirmed orders per second, ${connections} clients flat out`,
        expected: `≥ ${confirmedOrdersMinPerSec}/s`,
        actual: `${measurement.requestsPerSec}/s`,
        pass: measurement.requestsPerSec >= confirmedOrdersMinPerSec && other === 0 && result.errors === 0,
        value: measurement.requestsPerSec,
        unit: '/s',
        better: 'higher',
        limit: confirmedOrdersMinPerSec,
      },
      {
        name: `p95 of confirmed orders arriving at ${confirmedOrdersMinPerSec}/s over ${connections} connections`,
        expected: `≤ ${confirmedP95MaxMs} ms`,
        actual: `${p95AtRate} ms`,
        pass: p95AtRate <= confirmedP95MaxMs && atRate.size > 0 && openOther === 0 && open.errors === 0 && open.timeouts === 0,
        value: p95AtRate,
        unit: 'ms',
        better: 'lower',
        limit: confirmedP95MaxMs,
      },
      {
        name: `nothing oversold (${HOT_SKU}: ${HOT_STOCK} on hand)`,
        expected: 'reserved ≤ on hand, = confirmed, ledger consistent',
        actual: `reserved ${hot.reserved}, confirmed ${confirmedHot}, ledger ${ledger.consistent ? 'consistent' : 'INCONSISTENT'}`,
        pass: soldRight,
      },
    ];
    return {
      measurements: [atRateRow, measurement],
      goals,
      notes: [
        `at ${confirmedOrdersMinPerSec}/s: p95 ${p95AtRate} ms (latency counted from each order's due time); ${open.sent} sent, ${open.statuses[201] ?? 0} confirmed, ${open.statuses[409] ?? 0} refused 409, ${openOther} other, ${open.errors} errors, ${open.timeouts} timeouts`,
        `flat out: p95 ${p95} ms — ${connections} clients that never pause keep ${connections} orders queued, so latency there is ${connections} ÷ throughput (Little's law), not a property of one order; ${confirmed} confirmed, ${outOfStock} refused 409 (scarce sku sold out), ${other} other answers, ${result.errors} errors`,
        `every request carries the bearer token of ${STAFF_EMAIL} from a real hr; orders reserves with its service account (service:orders)`,
        'catalog, inventory, orders and hr each in their own process with info logs; PostgreSQL, Redis and the load generator share the same 2 cores',
        `catalog and orders use Redis at ${BENCH_REDIS_URL}: orders prices from its product cache while catalog's change notices arrive`,
      ],
    };
  },
});

/** Waits (up to 60 s) until no order is pending any more: placements cut off by the end of the run have finished. */
async function settle(ordersUrl: string, auth: RequestInit): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const page = await json<{ items: unknown[] }>(`${ordersUrl}/api/v1/orders?status=pending&limit=1`, auth);
    if (page.items.length === 0) return;
    if (Date.now() > deadline) throw new Error('orders still pending 60 s after the run');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Quantity of `sku` in confirmed orders, read page by page through the orders API. */
async function countConfirmed(ordersUrl: string, sku: string, auth: RequestInit): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ lines: Array<{ sku: string; quantity: number }> }>; nextCursor: string | null } = await json(
      `${ordersUrl}/api/v1/orders?status=confirmed&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      auth,
    );
    for (const order of page.items) for (const line of order.lines) if (line.sku === sku) total += line.quantity;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}
