import { createTcpProxy, createTestDatabase, type TcpProxy, type TestDatabase } from '@erp/testing';
import type { ProductDto } from '../src/domain/product.schema';
import { REDIS_URL, productBody, startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;

/** The part of a health report the tests read. */
interface HealthReport {
  status: 'pass' | 'warn' | 'fail';
  checks: Record<string, Array<{ status: string; componentType: string; observedUnit: string; output?: string }>>;
}

const CHECK_INTERVAL_MS = 200;
/** One refresh: the next run starts within an interval and a hung run fails at the kit's 2 s check timeout. */
const ONE_REFRESH_MS = CHECK_INTERVAL_MS + 2000 + 1500;

let database: TestDatabase;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;
let catalog: CatalogHarness;

beforeAll(async () => {
  identity = await startIdentity();
  database = await createTestDatabase('catalog_health');
  pgProxy = await createTcpProxy({ targetPort: Number(new URL(database.url).port || 5432) });
  redisProxy = await createTcpProxy({ targetPort: Number(new URL(REDIS_URL).port || 6379) });
  catalog = await startCatalog({
    identity,
    cache: 'redis',
    database,
    env: {
      DATABASE_URL: pgProxy.rewrite(database.url),
      REDIS_URL: redisProxy.rewrite(REDIS_URL),
      HEALTH_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS),
    },
  });
});

afterEach(() => {
  pgProxy.resume();
  redisProxy.resume();
});

afterAll(async () => {
  pgProxy?.resume();
  redisProxy?.resume();
  await catalog?.stop();
  await Promise.all([pgProxy?.close(), redisProxy?.close()]);
  await database?.drop();
  await identity?.idp.stop();
});

/** GET /health, failing the test if it does not answer within a second. */
async function health(): Promise<{ httpStatus: number; contentType: string; report: HealthReport }> {
  const response = await fetch(`${catalog.url}/health`, { signal: AbortSignal.timeout(1000) });
  return {
    httpStatus: response.status,
    contentType: response.headers.get('content-type') ?? '',
    report: (await response.json()) as HealthReport,
  };
}

/** Polls /health (every poll must answer) until `check` has one of `statuses`; returns the report that showed it. */
async function healthUntil(
  check: string,
  statuses: string | string[],
  timeoutMs = ONE_REFRESH_MS,
): Promise<{ httpStatus: number; report: HealthReport; polls: number }> {
  const wanted = Array.isArray(statuses) ? statuses : [statuses];
  const deadline = Date.now() + timeoutMs;
  for (let polls = 1; ; polls += 1) {
    const current = await health();
    if (wanted.includes(current.report.checks[check]?.[0]?.status ?? '')) return { ...current, polls };
    if (Date.now() > deadline)
      throw new Error(`${check} did not turn ${wanted.join('/')} within ${timeoutMs} ms: ${JSON.stringify(current.report.checks[check])}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('catalog health', () => {
  test('when Postgres and Redis answer, then /health passes with a datastore check for each', async () => {
    const { report } = await healthUntil('redis:responseTime', 'pass');
    const current = await health();
    expect(current.httpStatus).toBe(200);
    expect(current.contentType).toContain('application/health+json');
    expect(report.checks['postgres:responseTime']?.[0]).toMatchObject({ componentType: 'datastore', observedUnit: 'ms', status: 'pass' });
    expect(report.checks['redis:responseTime']?.[0]).toMatchObject({ componentType: 'datastore', observedUnit: 'ms', status: 'pass' });
  });

  test('when Postgres stops answering, then postgres:responseTime fails within one refresh while /health keeps answering, and passes again when it returns', async () => {
    await healthUntil('postgres:responseTime', 'pass');
    pgProxy.pause();
    const failed = await healthUntil('postgres:responseTime', 'fail');
    expect(failed.httpStatus).toBe(503);
    expect(failed.report.status).toBe('fail');
    expect((await fetch(`${catalog.url}/health/ready`, { signal: AbortSignal.timeout(1000) })).status).toBe(503);

    pgProxy.resume();
    const recovered = await healthUntil('postgres:responseTime', 'pass');
    expect(recovered.httpStatus).toBe(200);
  });

  test('when Redis stops answering, then redis:responseTime turns warn or fail within one refresh, product reads fall back to Postgres, and it passes again when Redis returns', async () => {
    const product = (await catalog.request<ProductDto>('POST', '/api/v1/products', { json: productBody() })).body;
    await healthUntil('redis:responseTime', 'pass');
    redisProxy.pause();
    const degraded = await healthUntil('redis:responseTime', ['warn', 'fail']);
    // Redis is an optimisation (reads fall back to Postgres), so the kit reports it as a non-required check: warn, 200.
    const checkStatus = degraded.report.checks['redis:responseTime']?.[0]?.status;
    expect(degraded.report.status).toBe(checkStatus);
    expect(degraded.httpStatus).toBe(checkStatus === 'fail' ? 503 : 200);
    const read = await catalog.request<ProductDto>('GET', `/api/v1/products/${product.id}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(product.id);

    redisProxy.resume();
    const recovered = await healthUntil('redis:responseTime', 'pass');
    expect(recovered.httpStatus).toBe(200);
  });
});
