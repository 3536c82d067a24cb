import { isForeignKeyViolation, isUniqueViolation } from '@erp/service-kit';

/** Why the database refused a catalog write, in the catalog's words. */
export type WriteRefusal = 'duplicate-sku' | 'unknown-category' | 'duplicate-slug' | 'category-changed';

/** A write one of the catalog's constraints refused; the domain turns it into its own error. */
export class WriteRefusedError extends Error {
  constructor(
    readonly reason: WriteRefusal,
    options?: ErrorOptions,
  ) {
    super(`The database refused the write: ${reason}`, options);
    this.name = 'WriteRefusedError';
  }
}

/** Runs `write`; a unique violation on `uniqueConstraint` or any foreign-key violation becomes a `WriteRefusedError`. */
async function refusing<T>(
  write: () => Promise<T>,
  uniqueConstraint: string,
  onUnique: WriteRefusal,
  onForeignKey: WriteRefusal,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, uniqueConstraint)) throw new WriteRefusedError(onUnique, { cause: error });
    if (isForeignKeyViolation(error)) throw new WriteRefusedError(onForeignKey, { cause: error });
    throw error;
  }
}

/** Runs `write`; a taken sku or a vanished category becomes a `WriteRefusedError`. */
export const refusingProductConstraints = <T>(write: () => Promise<T>): Promise<T> =>
  refusing(write, 'products_sku_key', 'duplicate-sku', 'unknown-category');

/** Runs `write`; a taken slug or a category changed meanwhile (a foreign key) becomes a `WriteRefusedError`. */
export const refusingCategoryConstraints = <T>(write: () => Promise<T>): Promise<T> =>
  refusing(write, 'categories_slug_key', 'duplicate-slug', 'category-changed');
