import { NotFoundError } from '@erp/errors';
import type { ProductEntity } from '../data-access/product.entity';
import type { ProductValues } from '../data-access/product.repository';
import { tags, type CatalogDeps } from './catalog-deps';
import { assertVersionMatches } from './if-match';
import { toProductDto } from './product.mapper';
import type { CreateProductInput, PatchProductInput, ProductDto } from './product.schema';
import { assertCategoryExists, translateProductWriteErrors } from './product-write-errors';

/** Replaces every field of a product (PUT). */
export function replaceProduct(
  deps: CatalogDeps,
  id: string,
  input: CreateProductInput,
  ifMatch: number[] | undefined,
): Promise<ProductDto> {
  return writeProduct(deps, id, ifMatch, () => input);
}

/** Changes the given fields of a product (PATCH). */
export function patchProduct(deps: CatalogDeps, id: string, patch: PatchProductInput, ifMatch: number[] | undefined): Promise<ProductDto> {
  return writeProduct(deps, id, ifMatch, (current) => ({ ...current, ...patch }));
}

/**
 * Locks the product, checks `If-Match` against its version, writes the merged values and
 * invalidates every cached read they can change (its id, its old and new sku, the lists).
 */
async function writeProduct(
  deps: CatalogDeps,
  id: string,
  ifMatch: number[] | undefined,
  merge: (current: ProductValues) => Omit<ProductValues, 'id'>,
): Promise<ProductDto> {
  let previousSku: string | undefined;
  let next: Omit<ProductValues, 'id'> | undefined;
  const saved = await translateProductWriteErrors(
    () => next,
    () =>
      deps.products.update(id, async (current: ProductEntity) => {
        assertVersionMatches('Product', current.version, ifMatch);
        previousSku = current.sku;
        next = merge(valuesOf(current));
        if (next.categoryId !== current.categoryId) await assertCategoryExists(deps, next.categoryId);
        return { ...next, id };
      }),
  );
  if (!saved) throw new NotFoundError('Product', id);
  const skus = new Set([previousSku ?? saved.sku, saved.sku]);
  await deps.cache.invalidate([tags.product(id), ...[...skus].map(tags.sku), tags.productLists]);
  await deps.changes.productsChanged([...skus]);
  return toProductDto(saved);
}

function valuesOf(entity: ProductEntity): ProductValues {
  const { version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...values } = entity;
  return values;
}
