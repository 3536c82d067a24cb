import { randomBytes } from 'node:crypto';
import { startTestIdentityProvider } from '@erp/harness';
import { buildCatalogService } from '@erp/catalog';
import { createLogger, startService } from '@erp/service-kit';
import { createTestDatabase } from '@erp/testing';
import { bareExpressServer, bareNodeServer, getText } from '../bare-servers';
import { p99RatioAtMost, throughputAtLeast } from '../goals';
import { POSTGRES } from '../prerequisites';
import { defineScenario, type Json, type StartedServer } from '../scenario';
import { BENCH_REDIS_URL } from '../redis';
import { benchGoals } from '../thresholds';

/** The demo product every target serves. */
const SKU = 'HP-ANC-700';

/** The catalog as `pnpm start` runs it (info logs, helmet, request ids, metrics, validation, cache, tokens verified against hr). */
async function catalogServer(input: Json): Promise<StartedServer> {
  const { databaseUrl, redisUrl, cachePrefix, hrUrl } = input as {
    databaseUrl: string;
    redisUrl: string | null;
    cachePrefix: string;
    hrUrl: string;
  };
  const env = {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: 'info',
    CATALOG_SEED: 'true',
    CATALOG_CACHE_PREFIX: cachePrefix,
    HR_URL: hrUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  const running = await startService({
    ...buildCatalogService(env),
    handleSignals: false,
    logger: createLogger({ name: 'catalog', level: 'info' }),
  });
  return { url: running.url, meta: { cache: running.context.cache.kind }, close: () => running.stop() };
}

export default defineScenario({
  name: 'catalog',
  description: 'cached product read and /health on catalog, side by side with bare node:http and bare Express 5 serving the same bytes',
  servers: { catalog: catalogServer, 'bare-node': bareNodeServer, 'bare-express': bareExpressServer },
  // Redis is not required: without it the Redis row is skipped with a note
  requires: [POSTGRES],
  async run(ctx) {
    const database = await createTestDatabase('bench_catalog');
    ctx.onCleanup(() => database.drop());
    // A real hr, as in production: catalog's writes declare role admin, so it refuses to start without a token verifier.
    // The measured reads are public; nothing here switches authentication off.
    const idp = await startTestIdentityProvider();
    ctx.onCleanup(() => idp.stop());
    const cachePrefix = `bench${randomBytes(4).toString('hex')}:`;
    // The in-process cache is private to its process: no prefix (as in production), so its read path is the real one.
    const memory = await ctx.startServer('catalog', { databaseUrl: database.url, redisUrl: null, cachePrefix: '', hrUrl: idp.url });
    const redis = await ctx.startServer('catalog', { databaseUrl: database.url, redisUrl: BENCH_REDIS_URL, cachePrefix, hrUrl: idp.url });

    const product = JSON.parse(await getText(`${memory.url}/api/v1/products/by-sku/${SKU}`)) as { id: string };
    const path = `/api/v1/products/${product.id}`;
    const body = await getText(memory.url + path);
    const bareNode = await ctx.startServer('bare-node', { body });
    const bareExpress = await ctx.startServer('bare-express', { body });

    const redisHealth = JSON.parse(await getText(`${redis.url}/health`)) as { checks: Record<string, Array<{ status: string }>> };
    const redisUp = redisHealth.checks['redis:responseTime']?.[0]?.status === 'pass';

    const [node, bare, cached, health, cachedRedis] = await ctx.measureAll([
      { label: 'bare node:http', url: bareNode.url + path },
      { label: 'bare Express 5', url: bareExpress.url + path },
      { label: 'catalog product (in-process cache)', url: memory.url + path },
      { label: 'catalog /health', url: `${memory.url}/health` },
      ...(redisUp ? [{ label: 'catalog product (Redis cache)', url: redis.url + path }] : []),
    ]);
    if (!node || !bare || !cached || !health) throw new Error('a catalog target was not measured');

    const goals = benchGoals().catalog;
    return {
      measurements: [{ ...node, control: true }, { ...bare, control: true }, cached, ...(cachedRedis ? [cachedRedis] : []), health],
      baseline: bare.label,
      goals: [
        throughputAtLeast('cached product read (in-process cache)', cached, bare, goals.cachedReadMinRatioToBareExpress),
        p99RatioAtMost(`/health at ${ctx.options.connections} connections`, health, node, goals.healthP99MaxRatioToBareNode),
      ],
      notes: [
        `every target serves the same ${Buffer.byteLength(body)}-byte product body (${SKU}); catalog logs at info and verifies tokens against a real hr (HR_URL), as pnpm start runs it; the measured reads are public`,
        redisUp
          ? 'the Redis row adds one Redis round trip (tag versions + value in one Lua call) per read; Redis shares the machine'
          : `Redis at ${BENCH_REDIS_URL} did not answer: the Redis row was skipped`,
      ],
    };
  },
});
