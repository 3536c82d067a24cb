import { ServiceUnavailableError } from '@erp/errors';
import { z } from 'zod';
import { LRUCache } from 'lru-cache';
import { CATALOG_PRODUCT_CHANGES_CHANNEL, CatalogProductChanges } from '@erp/contracts';
import { subscribe, type HttpClient, type Logger, type Subscription } from '@erp/service-kit';

/** What orders needs of a catalog product. */
export const CatalogProduct = z.object({
  sku: z.string(),
  name: z.string(),
  priceCents: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  active: z.boolean(),
});
export type CatalogProduct = z.infer<typeof CatalogProduct>;

/** The catalog as orders reaches it: over HTTP, with an optional copy of recent answers (see {@link createProductCache}). */
export interface CatalogApi {
  http: HttpClient;
  cache?: ProductCache;
}

/**
 * Catalog answers kept in memory, trusted only while catalog's change notices are heard: a notice drops the skus it
 * names, losing the subscription drops everything (and nothing is kept or served until it is back), and every
 * entry also expires after `ttlMs`. Unknown skus are never kept.
 */
export interface ProductCache {
  get(sku: string): CatalogProduct | undefined;
  /** Keeps `product` unless a notice arrived since `generation` was read (the answer may predate the change). */
  set(product: CatalogProduct, generation: number): void;
  /** Changes with every notice and every lost subscription. */
  readonly generation: number;
  readonly live: boolean;
  readonly size: number;
  close(): Promise<void>;
}

/** Starts the product cache: subscribes to catalog's change notices on `redisUrl`. */
export function createProductCache(options: {
  redisUrl: string;
  ttlMs: number;
  maxEntries?: number;
  logger: Logger;
  connectionName?: string;
}): ProductCache {
  const entries = new LRUCache<string, CatalogProduct>({ max: options.maxEntries ?? 10_000, ttl: options.ttlMs });
  let generation = 0;
  const dropAll = () => {
    generation += 1;
    entries.clear();
  };
  const subscription: Subscription = subscribe(
    options.redisUrl,
    CATALOG_PRODUCT_CHANGES_CHANNEL,
    {
      message(payload) {
        const notice = CatalogProductChanges.safeParse(payload);
        if (!notice.success) {
          // a notice we cannot read may name any sku
          options.logger.warn({ issues: notice.error.issues.length }, 'unreadable catalog change notice: dropping every cached product');
          dropAll();
          return;
        }
        generation += 1;
        for (const sku of notice.data.skus) entries.delete(sku);
      },
      live: dropAll,
      lost: dropAll,
    },
    options.logger,
    { connectionName: options.connectionName ?? 'orders-product-cache' },
  );
  return {
    get: (sku) => (subscription.live ? entries.get(sku) : undefined),
    set(product, since) {
      if (subscription.live && since === generation) entries.set(product.sku, product);
    },
    get generation() {
      return generation;
    },
    get live() {
      return subscription.live;
    },
    get size() {
      return entries.size;
    },
    close: () => subscription.close(),
  };
}

/**
 * Reads products from the catalog by sku: from the product cache when it holds them, the rest in parallel over HTTP;
 * unknown skus map to null. Throws 503 when the catalog cannot answer.
 */
export async function fetchProducts(catalog: CatalogApi, skus: string[]): Promise<Map<string, CatalogProduct | null>> {
  const { cache } = catalog;
  const since = cache?.generation ?? 0;
  const entries = await Promise.all(
    skus.map(async (sku): Promise<[string, CatalogProduct | null]> => {
      const cached = cache?.get(sku);
      if (cached) return [sku, cached];
      const response = await catalog.http.get<unknown>(`/api/v1/products/by-sku/${encodeURIComponent(sku)}`);
      if (response.status === 404) return [sku, null];
      const parsed = CatalogProduct.safeParse(response.data);
      if (response.status !== 200 || !parsed.success) {
        throw new ServiceUnavailableError(`catalog answered ${response.status} with an unexpected body for sku ${sku}`, {
          dependency: 'catalog',
        });
      }
      cache?.set(parsed.data, since);
      return [sku, parsed.data];
    }),
  );
  return new Map(entries);
}
