import { randomUUID } from 'node:crypto';
import { tags, type CatalogDeps } from './catalog-deps';
import { toProductDto } from './product.mapper';
import type { CreateProductInput, ProductDto } from './product.schema';
import { assertCategoryExists, translateProductWriteErrors } from './product-write-errors';

/** Creates a product: 409 when the sku is taken, 422 when the category does not exist. */
export async function createProduct(deps: CatalogDeps, input: CreateProductInput): Promise<ProductDto> {
  await assertCategoryExists(deps, input.categoryId);
  const saved = await translateProductWriteErrors(
    () => input,
    () => deps.products.insert({ id: randomUUID(), ...input }),
  );
  await deps.cache.invalidate([tags.sku(saved.sku), tags.productLists]);
  await deps.changes.productsChanged([saved.sku]);
  return toProductDto(saved);
}
