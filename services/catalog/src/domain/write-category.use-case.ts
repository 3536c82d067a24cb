import { NotFoundError } from '@erp/errors';
import { randomUUID } from 'node:crypto';
import type { CategoryValues } from '../data-access/category.repository';
import { tags, type CatalogDeps } from './catalog-deps';
import { toCategoryDto } from './category.mapper';
import type { CategoryDto, CreateCategoryInput, PatchCategoryInput } from './category.schema';
import { assertDeletable, assertDepth, assertNoCycle, resolveParent, translateCategoryWriteErrors } from './category-rules';
import { assertVersionMatches } from './if-match';

/** Category writes change the tree and, through descendant filters, product lists: both are invalidated. */
const invalidateTree = (deps: CatalogDeps) => deps.cache.invalidate([tags.categories, tags.productLists]);

/** Creates a category under `parentId` (or a root): 409 on a taken slug, 422 on an unknown parent or too deep. */
export async function createCategory(deps: CatalogDeps, input: CreateCategoryInput): Promise<CategoryDto> {
  const saved = await translateCategoryWriteErrors(
    () => input.slug,
    () =>
      deps.categories.withTreeLock(async (tree) => {
        const parent = await resolveParent(tree, input.parentId);
        assertDepth(parent, 0);
        return tree.insert(randomUUID(), input, parent);
      }),
  );
  await invalidateTree(deps);
  return toCategoryDto(saved);
}

/** Replaces a category (PUT). */
export function replaceCategory(
  deps: CatalogDeps,
  id: string,
  input: CreateCategoryInput,
  ifMatch: number[] | undefined,
): Promise<CategoryDto> {
  return writeCategory(deps, id, ifMatch, () => input);
}

/** Changes some fields of a category (PATCH); a new `parentId` moves the whole subtree. */
export function patchCategory(
  deps: CatalogDeps,
  id: string,
  patch: PatchCategoryInput,
  ifMatch: number[] | undefined,
): Promise<CategoryDto> {
  return writeCategory(deps, id, ifMatch, (current) => ({ ...current, ...patch }));
}

async function writeCategory(
  deps: CatalogDeps,
  id: string,
  ifMatch: number[] | undefined,
  merge: (current: CategoryValues) => CategoryValues,
): Promise<CategoryDto> {
  let slug: string | undefined;
  const saved = await translateCategoryWriteErrors(
    () => slug,
    () =>
      deps.categories.withTreeLock(async (tree) => {
        const current = await tree.findById(id);
        if (!current) throw new NotFoundError('Category', id);
        assertVersionMatches('Category', current.version, ifMatch);
        const next = merge({ slug: current.slug, name: current.name, parentId: current.parentId });
        slug = next.slug;
        const parent = await resolveParent(tree, next.parentId);
        if (next.parentId !== current.parentId) {
          assertNoCycle(current, parent);
          assertDepth(parent, await tree.subtreeHeight(current.path));
        }
        return tree.update(current, next, parent);
      }),
  );
  await invalidateTree(deps);
  return toCategoryDto(saved);
}

/** Deletes a category with no children and no products (409 otherwise). */
export async function deleteCategory(deps: CatalogDeps, id: string, ifMatch: number[] | undefined): Promise<void> {
  await translateCategoryWriteErrors(
    () => undefined,
    () =>
      deps.categories.withTreeLock(async (tree) => {
        const current = await tree.findById(id);
        if (!current) throw new NotFoundError('Category', id);
        assertVersionMatches('Category', current.version, ifMatch);
        await assertDeletable(tree, id);
        await tree.delete(id);
      }),
  );
  await invalidateTree(deps);
}
