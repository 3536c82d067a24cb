import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import net, { type AddressInfo } from 'node:net';
import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { buildCatalogService } from '@erp/catalog';
import { buildInventoryService } from '@erp/inventory';
import { buildOrdersService } from '@erp/orders';
import { createLogger, startService, type RunningService } from '@erp/service-kit';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { loadThresholds } from '../src/thresholds';
import { K6_DIR, k6ThresholdProblem, mapThresholds, runK6Script, type K6Thresholds, type ScriptRun } from './support/k6-node';

const file = loadThresholds();
const allEndpoints = Object.keys(file.k6.endpoints);

/** Every (metric, expression) pair that k6 would refuse, with the reason. */
function invalidThresholds(thresholds: K6Thresholds): string[] {
  return Object.entries(thresholds).flatMap(([key, expressions]) =>
    expressions.map((expression) => k6ThresholdProblem(key, expression)).filter((problem): problem is string => problem !== null),
  );
}

describe('k6 scripts in pnpm typecheck', () => {
  test('when pnpm typecheck runs, then it also checks every k6 script against @types/k6 in strict mode', () => {
    const root = path.join(K6_DIR, '..', '..', '..');
    const typecheck = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
      .typecheck;
    expect(typecheck).toContain('tsc -p tools/bench/k6/tsconfig.json');
    const config = JSON.parse(readFileSync(path.join(K6_DIR, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: Record<string, unknown>;
      include: string[];
    };
    expect(config.compilerOptions).toMatchObject({ strict: true, allowJs: true, checkJs: true, noEmit: true, types: ['k6'] });
    expect(config.include).toEqual(['*.js', 'lib/*.js']);
  });
});

describe('k6 threshold grammar (the check the tests below rely on)', () => {
  test('when expressions follow k6 grammar, then they pass, and malformed ones are refused with a reason', () => {
    expect(k6ThresholdProblem('http_req_duration{endpoint:product}', 'p(95)<25')).toBeNull();
    expect(k6ThresholdProblem('http_req_failed', 'rate<0.01')).toBeNull();
    expect(k6ThresholdProblem('checks', 'rate>0.99')).toBeNull();
    expect(k6ThresholdProblem('http_req_duration', 'rate<0.01')).toMatch(/not an aggregation of a trend metric/);
    expect(k6ThresholdProblem('http_req_failed', 'p(95)<0.01')).toMatch(/not an aggregation of a rate metric/);
    expect(k6ThresholdProblem('http_req_duration{endpoint:product', 'p(95)<25')).toMatch(/is not <metric>/);
    expect(k6ThresholdProblem('http_req_durations', 'p(95)<25')).toMatch(/not a built-in k6 metric/);
    expect(k6ThresholdProblem('http_req_duration', 'p(95)<undefined')).toMatch(/is not <aggregation> <operator> <number>/);
    expect(k6ThresholdProblem('checks', 'rate>99')).toMatch(/number in \[0, 1\]/);
  });
});

describe('k6/lib/thresholds.js: thresholds.json → options.thresholds', () => {
  test('when every endpoint of the file is mapped, then every threshold is valid k6 and carries the number from the file', async () => {
    const { thresholds, error } = await mapThresholds(file, allEndpoints);
    expect(error).toBeUndefined();
    expect(invalidThresholds(thresholds!)).toEqual([]);
    expect(thresholds!.http_req_failed).toEqual([`rate<${file.k6.httpReqFailedMaxRate}`]);
    expect(thresholds!.checks).toEqual([`rate>${file.k6.checksMinRate}`]);
    for (const [endpoint, limits] of Object.entries(file.k6.endpoints)) {
      expect(thresholds![`http_req_duration{endpoint:${endpoint}}`]).toEqual([`p(95)<${limits.p95MaxMs}`, `p(99)<${limits.p99MaxMs}`]);
      expect(thresholds![`http_req_failed{endpoint:${endpoint}}`]).toEqual([
        `rate<${limits.failedMaxRate ?? file.k6.httpReqFailedMaxRate}`,
      ]);
    }
    expect(Object.keys(thresholds!)).toHaveLength(2 + 2 * allEndpoints.length);
  });

  test('when a number changes in the file, then the k6 threshold changes with it', async () => {
    const changed = structuredClone(file);
    changed.k6.endpoints.product!.p95MaxMs = 12.5;
    changed.k6.checksMinRate = 0.95;
    const { thresholds } = await mapThresholds(changed, ['product']);
    expect(thresholds!['http_req_duration{endpoint:product}']).toEqual([`p(95)<12.5`, `p(99)<${file.k6.endpoints.product!.p99MaxMs}`]);
    expect(thresholds!.checks).toEqual(['rate>0.95']);
  });

  test('when a script tags requests with an endpoint the file does not list, then mapping fails naming it', async () => {
    const { error } = await mapThresholds(file, ['product', 'checkout']);
    expect(error).toMatch(/k6\.endpoints has no "checkout"/);
  });

  test('when a limit is not a positive number, then mapping fails naming the field', async () => {
    const broken = structuredClone(file) as unknown as {
      k6: { endpoints: Record<string, Record<string, unknown>>; httpReqFailedMaxRate: unknown };
    };
    broken.k6.endpoints.product!.p99MaxMs = '75';
    expect((await mapThresholds(broken, ['product'])).error).toMatch(/k6\.endpoints\["product"\]\.p99MaxMs must be a number/);
    broken.k6.httpReqFailedMaxRate = 2;
    expect((await mapThresholds(broken, ['health'])).error).toMatch(/k6\.httpReqFailedMaxRate must be a number in \(0, 1\]/);
    expect((await mapThresholds({}, ['health'])).error).toMatch(/no "k6" section/);
  });
});

describe('k6 scripts, run in Node against real services', () => {
  const quiet = (name: string) => createLogger({ name, level: 'silent' });
  const databases: TestDatabase[] = [];
  const services: RunningService[] = [];
  let idp: TestIdentityProvider | undefined;
  /** Where the fleet is; no credentials (catalog.js and health.js need none). */
  let env: Record<string, string>;
  /** `env` plus the demo login orders.js needs (ERP_EMAIL left to its default, manager@erp.example). */
  let loggedIn: Record<string, string>;

  beforeAll(async () => {
    databases.push(...(await Promise.all(['k6_catalog', 'k6_inventory', 'k6_orders'].map((name) => createTestDatabase(name)))));
    const [catalogDb, inventoryDb, ordersDb] = databases.map((db) => db.url);
    // A real hr: the services verify tokens against its JWKS, orders reserves with its own service account.
    idp = await startTestIdentityProvider({ serviceClients: ['orders'] });
    const catalog = await startService({
      ...buildCatalogService({ DATABASE_URL: catalogDb!, PORT: '0', CATALOG_SEED: 'true', HR_URL: idp.url }),
      handleSignals: false,
      logger: quiet('catalog'),
    });
    services.push(catalog);
    const inventory = await startService({
      ...buildInventoryService({ DATABASE_URL: inventoryDb!, PORT: '0', INVENTORY_SEED: 'false', HR_URL: idp.url }),
      handleSignals: false,
      logger: quiet('inventory'),
    });
    services.push(inventory);
    const orders = await startService({
      ...buildOrdersService({
        DATABASE_URL: ordersDb!,
        PORT: '0',
        CATALOG_URL: catalog.url,
        INVENTORY_URL: inventory.url,
        HR_URL: idp.url,
        AUTH_CLIENT_ID: 'orders',
        AUTH_CLIENT_SECRET: idp.clientSecret('orders'),
        CATALOG_TIMEOUT_MS: '15000',
        INVENTORY_TIMEOUT_MS: '15000',
      }),
      handleSignals: false,
      logger: quiet('orders'),
    });
    services.push(orders);
    env = { CATALOG_URL: catalog.url, INVENTORY_URL: inventory.url, ORDERS_URL: orders.url, HR_URL: idp.url };
    loggedIn = { ...env, ERP_PASSWORD: idp.password };
  }, 120_000);

  afterAll(async () => {
    for (const service of services.reverse()) await service.stop();
    await Promise.all(databases.map((db) => db.drop()));
    await idp?.stop();
  });

  /** The endpoint tags a run sent, and the ones its thresholds name. */
  function endpointsOf(run: ScriptRun): { requested: string[]; thresholded: string[] } {
    const requested = [...new Set(run.requests.map((r) => r.tags.endpoint ?? `(untagged ${r.method} ${r.url})`))].sort();
    const thresholded = Object.keys(run.options.thresholds)
      .map((key) => /^http_req_duration\{endpoint:(.+)\}$/.exec(key)?.[1])
      .filter((endpoint): endpoint is string => endpoint !== undefined)
      .sort();
    return { requested, thresholded };
  }

  /** What every script must show: valid thresholds from the file for exactly the endpoints it requests, all checks passing. */
  function expectGatedAndGreen(run: ScriptRun): void {
    const { requested, thresholded } = endpointsOf(run);
    expect(requested).toEqual(thresholded);
    expect(invalidThresholds(run.options.thresholds)).toEqual([]);
    for (const endpoint of requested) {
      const limits = file.k6.endpoints[endpoint]!;
      expect(run.options.thresholds[`http_req_duration{endpoint:${endpoint}}`]).toEqual([
        `p(95)<${limits.p95MaxMs}`,
        `p(99)<${limits.p99MaxMs}`,
      ]);
    }
    expect(run.options.thresholds.checks).toEqual([`rate>${file.k6.checksMinRate}`]);
    expect(run.requests.filter((r) => r.status === 0 || r.status >= 400)).toEqual([]);
    expect(Object.keys(run.checks).length).toBeGreaterThan(0);
    expect(Object.entries(run.checks).filter(([, c]) => c.fails > 0 || c.passes === 0)).toEqual([]);
  }

  test('when every k6 script is listed, then each one has a run test here', () => {
    expect(
      readdirSync(K6_DIR)
        .filter((name) => name.endsWith('.js'))
        .sort(),
    ).toEqual(['catalog.js', 'health.js', 'orders.js']);
  });

  test('when catalog.js runs against a real catalog, then its reads are gated by the file and every check passes', async () => {
    const run = await runK6Script('catalog.js', env, 2, 3);
    expect(endpointsOf(run).requested).toEqual(['product', 'product-by-sku', 'products-list', 'setup']);
    expectGatedAndGreen(run);
  }, 60_000);

  test('when orders.js runs against real orders, catalog and inventory, then it logs in at hr first and placements and replays are gated and confirmed', async () => {
    const run = await runK6Script('orders.js', loggedIn, 2, 5);
    expect(endpointsOf(run).requested).toEqual(['order-replay', 'place-order', 'setup']);
    expectGatedAndGreen(run);
    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      url: `${idp!.url}/api/v1/auth/login`,
      status: 200,
      tags: { endpoint: 'setup' },
    });
    expect(run.requests.filter((r) => r.tags.endpoint === 'place-order')).toHaveLength(10);
  }, 60_000);

  test('when orders.js has no ERP_PASSWORD, then setup fails saying where the password is, before any order', async () => {
    await expect(runK6Script('orders.js', env)).rejects.toThrow(/ERP_PASSWORD is not set: .*\.erp\/secrets\.json/);
  }, 60_000);

  test("when orders.js logs in with a wrong password, then setup fails with hr's 401 instead of measuring refusals", async () => {
    await expect(runK6Script('orders.js', { ...env, ERP_PASSWORD: `${idp!.password}x` })).rejects.toThrow(
      /auth\/login as manager@erp\.example answered 401/,
    );
  }, 60_000);

  test('when health.js runs against three real services, then /health, /health/live and /health/ready of each are gated and pass', async () => {
    const run = await runK6Script('health.js', { ...env, SERVICES: 'catalog,inventory,orders' });
    expect(new Set(run.requests.map((r) => r.tags.service))).toEqual(new Set(['catalog', 'inventory', 'orders']));
    expectGatedAndGreen(run);
  }, 60_000);

  test('when a service is not running, then the script fails in setup instead of measuring nothing', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(runK6Script('catalog.js', { CATALOG_URL: `http://127.0.0.1:${port}` })).rejects.toThrow(
      /answered 0: is the catalog running\?/,
    );
  }, 60_000);
});
