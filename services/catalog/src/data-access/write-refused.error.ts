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

/** Runs `write`; a taken sku or a vanished category becomes a `WriteRefusedError`. */
export async function refusingProductConstraints<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'products_sku_key')) throw new WriteRefusedError('duplicate-sku', { cause: error });
    if (isForeignKeyViolation(error)) throw new WriteRefusedError('unknown-category', { cause: error });
    throw error;
  }
}

/** Runs `write`; a taken slug or a category changed meanwhile (a foreign key) becomes a `WriteRefusedError`. */
export async function refusingCategoryConstraints<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'categories_slug_key')) throw new WriteRefusedError('duplicate-slug', { cause: error });
    if (isForeignKeyViolation(error)) throw new WriteRefusedError('category-changed', { cause: error });
    throw error;
  }
}
