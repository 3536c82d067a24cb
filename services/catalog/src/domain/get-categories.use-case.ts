import { NotFoundError } from '@erp/errors';
import { CACHE_TTL_SECONDS, tags, type CatalogDeps } from './catalog-deps';
import { toCategoryDto } from './category.mapper';
import type { CategoryDto, CategoryTreeNode, ListCategoriesInput } from './category.schema';

/** A category by id, through the cache. */
export function getCategory(deps: CatalogDeps, id: string): Promise<CategoryDto> {
  return deps.cache.wrap(
    `category:${id}`,
    CACHE_TTL_SECONDS.categories,
    async () => {
      const entity = await deps.categories.findById(id);
      if (!entity) throw new NotFoundError('Category', id);
      return toCategoryDto(entity);
    },
    { tags: [tags.categories] },
  );
}

/** Categories, parents first then by name; optionally only the roots or the children of one. */
export function listCategories(deps: CatalogDeps, input: ListCategoriesInput): Promise<CategoryDto[]> {
  const key = `categories:${input.parentId ?? ''}:${input.roots === true}`;
  return deps.cache.wrap(
    key,
    CACHE_TTL_SECONDS.categories,
    async () => (await deps.categories.list({ parentId: input.parentId, rootsOnly: input.roots })).map(toCategoryDto),
    { tags: [tags.categories] },
  );
}

/** The whole tree: roots with their children nested, each level by name. */
export async function getCategoryTree(deps: CatalogDeps): Promise<CategoryTreeNode[]> {
  const all = await listCategories(deps, {});
  const nodes = new Map(all.map((category) => [category.id, { ...category, children: [] as CategoryTreeNode[] }]));
  const roots: CategoryTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
