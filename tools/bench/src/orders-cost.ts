/**
 * CPU time and PostgreSQL round trips per confirmed order: robust to a loaded machine, where orders/s is noise.
 *
 *   node --import tsx tools/bench/src/orders-cost.ts [--rounds 3] [--orders 2000] [--connections 20] [--warmup 1000]
 *        [--cpu-prof DIR]   (V8 CPU profiles of orders and inventory, written when they stop)
 *
 * Starts what `pnpm bench orders` starts (hr in this process; catalog, inventory and orders each in their own child,
 * NODE_ENV=production, info logs, Redis), books the same stock, then in every round places `--orders` orders of the
 * bench's mix (closed loop, `--connections`) and divides by the confirmed orders:
 * - CPU of the orders, inventory and catalog processes (every thread, /proc/<pid>/task/<tid>/schedstat) and of the
 *   PostgreSQL backends connected to their databases (pg_stat_activity → /proc/<pid>/task/.../schedstat);
 * - round trips: pg `Client#query` calls in each service process (counted by orders-cost-pg-counter.mjs, preloaded);
 * - transactions committed per database (pg_stat_database.xact_commit).
 * Prints per-round figures and medians.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { startTestIdentityProvider } from '@erp/harness';
import { adminDatabaseUrl, createTestDatabase } from '@erp/testing';
import { startServerProcess } from './server-process';
import { BENCH_REDIS_URL } from './redis';

const print = (line = ''): void => void process.stdout.write(`${line}\n`);
const HOT_SKU = 'HP-ANC-700';
const HOT_STOCK = 300;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** CPU seconds of every thread of `pid` (0 when it is gone). */
function cpuSecondsOf(pid: number): number {
  let ns = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // thread ended
      }
    }
  } catch {
    return 0;
  }
  return ns / 1e9;
}

/** Same order mix as `pnpm bench orders`: 1–3 distinct demo skus, every tenth names the scarce sku. */
function orderBody(n: number, skus: string[]): string {
  const count = 1 + (n % 3);
  const start = (n * 7) % skus.length;
  const lines = Array.from({ length: count }, (_, i) => ({ sku: skus[(start + i) % skus.length]!, quantity: 1 }));
  if (n % 10 === 0) lines[0] = { sku: HOT_SKU, quantity: 1 };
  return JSON.stringify({ customerId: `bench-${n % 500}`, lines: [...new Map(lines.map((l) => [l.sku, l])).values()] });
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const rounds = arg('rounds', 3);
  const perRound = arg('orders', 2000);
  const connections = arg('connections', 20);
  const warmup = arg('warmup', 1000);
  const profIndex = process.argv.indexOf('--cpu-prof');
  const prof = profIndex > 0 ? { cpuProfDir: path.resolve(process.argv[profIndex + 1]!) } : {};
  const counterDir = mkdtempSync(path.join(tmpdir(), 'orders-cost-'));
  process.env.ORDERS_COST_DIR = counterDir;
  process.env.NODE_OPTIONS =
    `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(path.join(__dirname, 'orders-cost-pg-counter.mjs')).href}`.trim();

  const dbs = await Promise.all(['cost_catalog', 'cost_inventory', 'cost_orders'].map((n) => createTestDatabase(n)));
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  const idp = await startTestIdentityProvider({ serviceClients: ['orders'] });
  const stops: Array<() => Promise<void>> = [];
  try {
    const authorization = `Bearer ${await idp.login('manager@erp.example')}`;
    const catalog = await startServerProcess('orders', 'catalog', {
      DATABASE_URL: dbs[0]!.url,
      CATALOG_SEED: 'true',
      HR_URL: idp.url,
      REDIS_URL: BENCH_REDIS_URL,
      CATALOG_CACHE_PREFIX: `cost${randomBytes(4).toString('hex')}:`,
    });
    stops.push(catalog.stop);
    const inventory = await startServerProcess(
      'orders',
      'inventory',
      {
        DATABASE_URL: dbs[1]!.url,
        INVENTORY_SEED: 'false',
        HR_URL: idp.url,
      },
      prof,
    );
    stops.push(inventory.stop);
    const orders = await startServerProcess(
      'orders',
      'orders',
      {
        DATABASE_URL: dbs[2]!.url,
        CATALOG_URL: catalog.url,
        INVENTORY_URL: inventory.url,
        HR_URL: idp.url,
        AUTH_CLIENT_ID: 'orders',
        AUTH_CLIENT_SECRET: idp.clientSecret('orders'),
        REDIS_URL: BENCH_REDIS_URL,
      },
      prof,
    );
    stops.push(orders.stop);
    const products = await json<{ items: Array<{ sku: string; active: boolean }> }>(`${catalog.url}/api/v1/products?limit=100`);
    const skus = products.items.filter((p) => p.active && p.sku !== HOT_SKU).map((p) => p.sku);
    await json(`${inventory.url}/api/v1/receipts`, {
      method: 'POST',
      headers: { authorization },
      body: JSON.stringify({
        reference: 'bench',
        lines: [{ sku: HOT_SKU, quantity: HOT_STOCK }, ...skus.map((sku) => ({ sku, quantity: 1_000_000 }))],
      }),
    });

    let n = 0;
    const place = (amount: number) =>
      new Promise<Record<number, number>>((resolve, reject) => {
        const statuses: Record<number, number> = {};
        const instance = autocannon(
          {
            url: `${orders.url}/api/v1/orders`,
            connections,
            amount,
            timeout: 20,
            requests: [
              {
                method: 'POST',
                setupRequest: (request) => {
                  n += 1;
                  return {
                    ...request,
                    headers: { 'content-type': 'application/json', authorization, 'idempotency-key': `cost-${process.pid}-${n}` },
                    body: orderBody(n, skus),
                  };
                },
              },
            ],
          },
          (error) => (error ? reject(error) : resolve(statuses)),
        );
        instance.on('response', (_c, status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        });
      });

    const services = { orders: orders.pid, inventory: inventory.pid, catalog: catalog.pid };
    const dbNames = { orders: dbs[2]!.name, inventory: dbs[1]!.name, catalog: dbs[0]!.name };
    const snapshot = async () => {
      for (const pid of Object.values(services)) process.kill(pid, 'SIGUSR2');
      await new Promise((r) => setTimeout(r, 1500)); // counters written; pg_stat_database flushed (≤ 1 s)
      const backends = await admin.query<{ pid: number; datname: string }>(
        `SELECT pid, datname FROM pg_stat_activity WHERE datname = ANY($1::text[])`,
        [Object.values(dbNames)],
      );
      const xacts = await admin.query<{ datname: string; xacts: string }>(
        `SELECT datname, (xact_commit + xact_rollback)::text AS xacts FROM pg_stat_database WHERE datname = ANY($1::text[])`,
        [Object.values(dbNames)],
      );
      const cpu = Object.fromEntries(Object.entries(services).map(([k, pid]) => [k, cpuSecondsOf(pid)]));
      const pgCpu = new Map(backends.rows.map((b) => [b.pid, { db: b.datname, s: cpuSecondsOf(b.pid) }]));
      const queries = Object.fromEntries(
        Object.entries(services).map(([k, pid]) => [
          k,
          (JSON.parse(readFileSync(path.join(counterDir, `pg-${pid}.json`), 'utf8')) as { queries: number }).queries,
        ]),
      );
      return { cpu, pgCpu, queries, xacts: new Map(xacts.rows.map((r) => [r.datname, Number(r.xacts)])) };
    };

    print(`warm-up: ${warmup} orders`);
    await place(warmup);
    const results: Array<Record<string, number>> = [];
    for (let round = 1; round <= rounds; round++) {
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      const before = await snapshot();
      const t0 = Date.now();
      const statuses = await place(perRound);
      const seconds = (Date.now() - t0) / 1000;
      const after = await snapshot();
      const confirmed = statuses[201] ?? 0;
      const per = (x: number) => x / confirmed;
      const pgOf = (db: string) => {
        let s = 0;
        for (const [pid, b] of after.pgCpu) if (b.db === db) s += b.s - (before.pgCpu.get(pid)?.s ?? 0);
        return s;
      };
      const r: Record<string, number> = {
        confirmed,
        refused409: statuses[409] ?? 0,
        other: perRound - confirmed - (statuses[409] ?? 0),
        perSec: Math.round(confirmed / seconds),
        load: Number(load),
      };
      for (const k of Object.keys(services) as Array<keyof typeof services>) {
        r[`${k} µs`] = Math.round(per(after.cpu[k]! - before.cpu[k]!) * 1e6);
        r[`pg(${k}) µs`] = Math.round(per(pgOf(dbNames[k])) * 1e6);
        r[`${k} queries`] = +per(after.queries[k]! - before.queries[k]!).toFixed(2);
        r[`${k} xacts`] = +per(after.xacts.get(dbNames[k])! - before.xacts.get(dbNames[k])!).toFixed(2);
      }
      r['total µs'] = Object.keys(services).reduce((s, k) => s + r[`${k} µs`]! + r[`pg(${k}) µs`]!, 0);
      results.push(r);
      print(`round ${round}: ${JSON.stringify(r)}`);
    }
    const keys = Object.keys(results[0]!);
    print(`median: ${JSON.stringify(Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]!))])))}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await idp.stop();
    await admin.end();
    for (const db of dbs) await db.drop().catch(() => undefined);
    rmSync(counterDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
