import type { Cache } from '@erp/service-kit';
import type { CategoryRepository } from '../data-access/category.repository';
import type { ProductRepository } from '../data-access/product.repository';

/** The part of the kit's cache the use-cases need. */
export type CatalogCache = Pick<Cache, 'wrap' | 'wrapRaw' | 'invalidate'>;

/** What the catalog use-cases work with. */
export interface CatalogDeps {
  products: ProductRepository;
  categories: CategoryRepository;
  cache: CatalogCache;
  /** Tells other services which skus changed (after the write committed and the cache was invalidated). */
  changes: ProductChangeNotices;
}

/** Where product change notices go (Redis pub/sub when REDIS_URL is set; nowhere otherwise). */
export interface ProductChangeNotices {
  productsChanged(skus: string[]): Promise<void>;
}

/** Seconds a cached read lives; every write invalidates by tag, so this only bounds memory, not staleness. */
export const CACHE_TTL_SECONDS = { item: 300, list: 60, categories: 300 } as const;

/** Cache tags: each write invalidates exactly the reads it can change. */
export const tags = {
  product: (id: string) => `product:${id}`,
  sku: (sku: string) => `sku:${sku}`,
  productLists: 'products',
  categories: 'categories',
} as const;

/**
 * The cache with every key and tag under `prefix`, so catalogs sharing one Redis (environments,
 * test databases) never see each other's entries. An empty prefix returns the cache itself.
 */
export function prefixedCache(cache: CatalogCache, prefix: string): CatalogCache {
  if (prefix === '') return cache;
  return {
    wrap: (key, ttlSeconds, loader, options) =>
      cache.wrap(prefix + key, ttlSeconds, loader, { ...options, tags: options?.tags?.map((tag) => prefix + tag) }),
    wrapRaw: (key, ttlSeconds, loader, options) =>
      cache.wrapRaw(prefix + key, ttlSeconds, loader, { ...options, tags: options?.tags?.map((tag) => prefix + tag) }),
    invalidate: (list) => cache.invalidate((Array.isArray(list) ? list : [list]).map((tag) => prefix + tag)),
  };
}
