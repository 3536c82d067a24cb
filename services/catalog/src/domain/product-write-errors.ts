import { ConflictError, UnprocessableError } from '@erp/service-kit';
import { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, pgErrorOf } from '../data-access/pg-error';
import type { CatalogDeps } from './catalog-deps';

/** 409 for a sku that another product already has. */
export function duplicateSku(sku: string): ConflictError {
  return new ConflictError(`A product with sku ${sku} already exists`, { sku }, { type: 'duplicate-sku', title: 'Duplicate sku' });
}

/** 422 for a product pointing at a category that does not exist. */
export function unknownCategory(categoryId: string): UnprocessableError {
  return new UnprocessableError(`Category ${categoryId} does not exist`, { categoryId }, { type: 'unknown-category', title: 'Unknown category' });
}

/** Refuses a category id that does not exist (the foreign key catches a concurrent delete). */
export async function assertCategoryExists(deps: CatalogDeps, categoryId: string | null): Promise<void> {
  if (categoryId !== null && !(await deps.categories.findById(categoryId))) throw unknownCategory(categoryId);
}

/** The values a product write tried to store (known once the write has computed them). */
type WrittenValues = () => { sku: string; categoryId: string | null } | undefined;

/** Runs a product write, turning constraint violations of the written values into 409 / 422. */
export async function translateProductWriteErrors<T>(written: WrittenValues, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const pg = pgErrorOf(error);
    const values = written();
    if (!pg || !values) throw error;
    if (pg.code === UNIQUE_VIOLATION && pg.constraint === 'products_sku_key') throw duplicateSku(values.sku);
    if (pg.code === FOREIGN_KEY_VIOLATION && values.categoryId !== null) throw unknownCategory(values.categoryId);
    throw error;
  }
}
