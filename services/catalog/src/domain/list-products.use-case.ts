import type { ProductSortField } from '../data-access/product.repository';
import { CACHE_TTL_SECONDS, tags, type CatalogDeps } from './catalog-deps';
import { decodeCursor, encodeCursor } from './product-cursor';
import { toProductDto } from './product.mapper';
import type { ListProductsInput, ProductPageDto } from './product.schema';

/**
 * One page of products in keyset order over (sort key, id): a page never repeats or skips a row
 * that existed when paging began, whatever is inserted meanwhile. Cached per query, invalidated by every product write.
 */
export async function listProducts(deps: CatalogDeps, input: ListProductsInput): Promise<ProductPageDto> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, input.sort);
  const key = `products:${JSON.stringify(Object.entries(input).sort(([a], [b]) => a.localeCompare(b)))}`;
  return deps.cache.wrap(
    key,
    CACHE_TTL_SECONDS.list,
    async () => {
      const rows = await deps.products.list({
        search: input.q,
        categoryId: input.categoryId,
        active: input.active,
        minPriceCents: input.minPriceCents,
        maxPriceCents: input.maxPriceCents,
        currency: input.currency,
        sortField: input.sort.replace(/^-/, '') as ProductSortField,
        descending: input.sort.startsWith('-'),
        after,
        limit: input.limit + 1,
      });
      const items = rows.slice(0, input.limit).map(toProductDto);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last, input.sort) : null };
    },
    { tags: [tags.productLists] },
  );
}
