import { ConflictError, UnprocessableError } from '@erp/errors';
import type { CategoryEntity } from '../data-access/category.entity';
import type { TreeView } from '../data-access/category.repository';
import { WriteRefusedError } from '../data-access/write-refused.error';
import { MAX_CATEGORY_DEPTH } from './category.schema';

/** Loads the parent a category should hang under (null for a root); 422 when it does not exist. */
export async function resolveParent(tree: TreeView, parentId: string | null): Promise<CategoryEntity | null> {
  if (parentId === null) return null;
  const parent = await tree.findById(parentId);
  if (!parent) {
    throw new UnprocessableError(
      `Parent category ${parentId} does not exist`,
      { parentId },
      { type: 'unknown-category', title: 'Unknown category' },
    );
  }
  return parent;
}

/** 409 when moving `category` under `parent` would make it its own ancestor. */
export function assertNoCycle(category: CategoryEntity, parent: CategoryEntity | null): void {
  if (parent && parent.path.startsWith(category.path)) {
    throw new ConflictError(
      `Category ${category.id} cannot move under ${parent.id}: that is itself or one of its descendants`,
      {
        parentId: parent.id,
      },
      { type: 'category-cycle', title: 'Category cycle' },
    );
  }
}

/** 422 when a subtree of `height` under `parent` would be deeper than the tree allows. */
export function assertDepth(parent: CategoryEntity | null, height: number): void {
  const depth = (parent ? parent.depth + 1 : 0) + height;
  if (depth > MAX_CATEGORY_DEPTH) {
    throw new UnprocessableError(
      `The category tree may be at most ${MAX_CATEGORY_DEPTH + 1} levels deep`,
      { maxDepth: MAX_CATEGORY_DEPTH },
      {
        type: 'category-too-deep',
        title: 'Category tree too deep',
      },
    );
  }
}

/** 409 while a category still has children or products. */
export async function assertDeletable(tree: TreeView, id: string): Promise<void> {
  const [children, products] = await Promise.all([tree.countChildren(id), tree.countProducts(id)]);
  if (children > 0 || products > 0) {
    throw new ConflictError(
      `Category ${id} still has ${children} child categories and ${products} products; move or delete them first`,
      {
        children,
        products,
      },
      { type: 'category-in-use', title: 'Category in use' },
    );
  }
}

/** Runs a category write, turning a taken slug into 409 and a vanished reference into 409/422. */
export async function translateCategoryWriteErrors<T>(slug: () => string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof WriteRefusedError)) throw error;
    if (error.reason === 'duplicate-slug') {
      throw new ConflictError(
        `A category with slug ${slug() ?? ''} already exists`,
        { slug: slug() },
        { type: 'duplicate-slug', title: 'Duplicate slug' },
      );
    }
    if (error.reason === 'category-changed') {
      throw new ConflictError(
        'A category it refers to, or that refers to it, changed meanwhile; retry',
        {},
        { type: 'category-in-use', title: 'Category in use' },
      );
    }
    throw error;
  }
}
