import type { Cache } from '@erp/service-kit';
import type { CategoryRepository } from '../data-access/category.repository';
import type { ProductRepository } from '../data-access/product.repository';

/** What the catalog use-cases work with. */
export interface CatalogDeps {
  products: ProductRepository;
  categories: CategoryRepository;
  cache: Cache;
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
