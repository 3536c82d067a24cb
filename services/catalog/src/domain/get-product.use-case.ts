import { NotFoundError } from '@erp/errors';
import { type RawJson } from '@erp/service-kit';
import { CACHE_TTL_SECONDS, tags, type CatalogDeps } from './catalog-deps';
import { toProductDto } from './product.mapper';

/**
 * A product by id as cached JSON text (sent to the client without a parse/stringify round). Misses are not
 * cached: unknown ids always reach the database.
 */
export async function getProduct(deps: CatalogDeps, id: string): Promise<RawJson> {
  const raw = await deps.cache.wrapRaw(
    `product:${id}`,
    CACHE_TTL_SECONDS.item,
    async () => {
      const entity = await deps.products.findById(id);
      if (!entity) throw new NotFoundError('Product', id);
      return toProductDto(entity);
    },
    { tags: [tags.product(id)] },
  );
  if (!raw) throw new NotFoundError('Product', id);
  return raw;
}

/** A product by its (normalised) sku as cached JSON text. */
export async function getProductBySku(deps: CatalogDeps, sku: string): Promise<RawJson> {
  const raw = await deps.cache.wrapRaw(
    `product-by-sku:${sku}`,
    CACHE_TTL_SECONDS.item,
    async () => {
      const entity = await deps.products.findBySku(sku);
      if (!entity) throw new NotFoundError('Product with sku', sku);
      return toProductDto(entity);
    },
    { tags: [tags.sku(sku)] },
  );
  if (!raw) throw new NotFoundError('Product with sku', sku);
  return raw;
}
