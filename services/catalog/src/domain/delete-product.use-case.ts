import { NotFoundError } from '@erp/errors';
import { tags, type CatalogDeps } from './catalog-deps';
import { assertVersionMatches } from './if-match';

/** Deletes a product (404 when unknown, 412 when `If-Match` is stale) and invalidates its reads. */
export async function deleteProduct(deps: CatalogDeps, id: string, ifMatch: number[] | undefined): Promise<void> {
  const deleted = await deps.products.delete(id, (current) => assertVersionMatches('Product', current.version, ifMatch));
  if (!deleted) throw new NotFoundError('Product', id);
  await deps.cache.invalidate([tags.product(id), tags.sku(deleted.sku), tags.productLists]);
  await deps.changes.productsChanged([deleted.sku]);
}
