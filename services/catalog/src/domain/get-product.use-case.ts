import { NotFoundError } from '@erp/service-kit';
import { CACHE_TTL_SECONDS, tags, type CatalogDeps } from './catalog-deps';
import { toProductDto } from './product.mapper';
import type { ProductDto } from './product.schema';

/** A product by id, through the cache (misses are not cached: unknown ids always reach the database). */
export async function getProduct(deps: CatalogDeps, id: string): Promise<ProductDto> {
  return deps.cache.wrap(
    `product:${id}`,
    CACHE_TTL_SECONDS.item,
    async () => {
      const entity = await deps.products.findById(id);
      if (!entity) throw new NotFoundError('Product', id);
      return toProductDto(entity);
    },
    { tags: [tags.product(id)] },
  );
}

/** A product by its (normalised) sku, through the cache. */
export async function getProductBySku(deps: CatalogDeps, sku: string): Promise<ProductDto> {
  return deps.cache.wrap(
    `product-by-sku:${sku}`,
    CACHE_TTL_SECONDS.item,
    async () => {
      const entity = await deps.products.findBySku(sku);
      if (!entity) throw new NotFoundError('Product with sku', sku);
      return toProductDto(entity);
    },
    { tags: [tags.sku(sku)] },
  );
}
