import { ConflictError, UnprocessableError } from '@erp/errors';
import { WriteRefusedError } from '../data-access/write-refused.error';
import type { CatalogDeps } from './catalog-deps';

/** 409 for a sku that another product already has. */
export function duplicateSku(sku: string): ConflictError {
  return new ConflictError(`A product with sku ${sku} already exists`, { sku }, { type: 'duplicate-sku', title: 'Duplicate sku' });
}

/** 422 for a product pointing at a category that does not exist. */
export function unknownCategory(categoryId: string): UnprocessableError {
  return new UnprocessableError(
    `Category ${categoryId} does not exist`,
    { categoryId },
    { type: 'unknown-category', title: 'Unknown category' },
  );
}

/** Refuses a category id that does not exist (the foreign key catches a concurrent delete). */
export async function assertCategoryExists(deps: CatalogDeps, categoryId: string | null): Promise<void> {
  if (categoryId !== null && !(await deps.categories.findById(categoryId))) throw unknownCategory(categoryId);
}

/** The values a product write tried to store (known once the write has computed them). */
type WrittenValues = () => { sku: string; categoryId: string | null } | undefined;

/** Runs a product write, turning what the database refused (a taken sku, a vanished category) into 409 / 422. */
export async function translateProductWriteErrors<T>(written: WrittenValues, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const values = written();
    if (!(error instanceof WriteRefusedError) || !values) throw error;
    if (error.reason === 'duplicate-sku') throw duplicateSku(values.sku);
    if (error.reason === 'unknown-category' && values.categoryId !== null) throw unknownCategory(values.categoryId);
    throw error;
  }
}
