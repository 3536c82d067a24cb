import { CATALOG_PRODUCT_CHANGES_CHANNEL, type CatalogProductChanges } from '@erp/contracts';
import {
  baseConfigShape,
  createPublisher,
  defineConfig,
  envBoolean,
  envInteger,
  type Logger,
  type Publisher,
  type ServiceContext,
  type ServiceDefinition,
} from '@erp/service-kit';
import { z } from 'zod';
import { CategoryEntity } from './data-access/category.entity';
import { CategoryRepository } from './data-access/category.repository';
import { CreateCatalog1764370000000 } from './data-access/migrations/1764370000000-create-catalog';
import { ProductEntity } from './data-access/product.entity';
import { ProductRepository } from './data-access/product.repository';
import { SeedHistoryEntity } from './data-access/seed-history.entity';
import { SeedRepository } from './data-access/seed.repository';
import { prefixedCache, type CatalogDeps, type ProductChangeNotices } from './domain/catalog-deps';
import { seedDemoData } from './domain/seed-demo-data.use-case';
import { categoryRoutes } from './entry-points/api/category.routes';
import { productRoutes } from './entry-points/api/product.routes';

/** Catalog configuration: the kit's base variables plus the catalog's own. */
export const catalogConfigShape = {
  ...baseConfigShape,
  CATALOG_SEED: envBoolean().default(true).describe('seed the demo catalog on the first start (true/false)'),
  CATALOG_CACHE_PREFIX: z
    .string()
    .max(64)
    .regex(/^[\w.:-]*$/)
    .default('')
    .describe('prefix of every cache key and tag: isolates catalogs that share one Redis (environments, test databases)'),
  HEALTH_CHECK_INTERVAL_MS: envInteger(100, 600_000).default(5000).describe('how often the Postgres and Redis health checks run'),
};

export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;

/** Parses the catalog's environment (throws ConfigError naming each bad variable). */
export function loadCatalogConfig(env: NodeJS.ProcessEnv) {
  return defineConfig(catalogConfigShape, env, { defaultPort: 8001 });
}

/** The use-cases' dependencies, built from the running service's context. */
export function catalogDeps(ctx: ServiceContext<CatalogConfig>, changes: ProductChangeNotices): CatalogDeps {
  return {
    products: new ProductRepository(ctx.dataSource),
    categories: new CategoryRepository(ctx.dataSource),
    cache: prefixedCache(ctx.cache, ctx.config.CATALOG_CACHE_PREFIX),
    changes,
  };
}

/**
 * Product change notices on Redis (see {@link CATALOG_PRODUCT_CHANGES_CHANNEL}). Publishing is best effort: the write
 * has committed, and a subscriber that misses a notice drops its copies when it resubscribes or after their TTL.
 */
function productChangeNotices(publisher: Publisher | undefined, logger: Logger): ProductChangeNotices {
  return {
    async productsChanged(skus) {
      if (!publisher) return;
      const notice: CatalogProductChanges = { skus };
      await publisher
        .publish(CATALOG_PRODUCT_CHANGES_CHANNEL, notice)
        .catch((error: unknown) => logger.warn({ err: error, skus }, 'could not publish a product change notice'));
    },
  };
}

/** The catalog service: categories and products, cached reads, demo data on first start. */
export function buildCatalogService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition<CatalogConfig> {
  const config = loadCatalogConfig(env);
  let publisher: Publisher | undefined;
  let changes: ProductChangeNotices | undefined;
  const changesOf = (ctx: ServiceContext<CatalogConfig>) => {
    if (!changes) {
      publisher = config.REDIS_URL ? createPublisher(config.REDIS_URL, ctx.logger) : undefined;
      changes = productChangeNotices(publisher, ctx.logger);
    }
    return changes;
  };
  return {
    name: 'catalog',
    version: '0.1.0',
    description: 'Categories (a tree) and products: search, filters, cursor pagination, cached reads.',
    config,
    database: { entities: [CategoryEntity, ProductEntity, SeedHistoryEntity], migrations: [CreateCatalog1764370000000] },
    health: { checkIntervalMs: config.HEALTH_CHECK_INTERVAL_MS },
    seed: async (ctx) => {
      if (!ctx.config.CATALOG_SEED) return;
      const seeded = await seedDemoData(catalogDeps(ctx, changesOf(ctx)), new SeedRepository(ctx.dataSource));
      ctx.logger.info({ seeded }, seeded ? 'demo catalog seeded' : 'demo catalog already seeded');
    },
    routes: (ctx) => {
      const deps = catalogDeps(ctx, changesOf(ctx));
      return [productRoutes(deps), categoryRoutes(deps)];
    },
    jobs: () => [
      {
        async stop() {
          await publisher?.close();
          publisher = undefined;
          changes = undefined;
        },
      },
    ],
  };
}
