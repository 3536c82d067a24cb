import type { DataSource, EntityManager } from 'typeorm';
import { CategoryEntity } from './category.entity';
import { ProductEntity } from './product.entity';
import { refusingCategoryConstraints } from './write-refused.error';

/** Fields a category write sets; path and depth follow from the parent. */
export interface CategoryValues {
  slug: string;
  name: string;
  parentId: string | null;
}

/** What a tree write sees inside its transaction, to check the rules before anything is written. */
export interface TreeView {
  /** The locked category, or null when the id is unknown. */
  findById(id: string): Promise<CategoryEntity | null>;
  /** Depth of the deepest descendant below `path` relative to it (0 without descendants). */
  subtreeHeight(path: string): Promise<number>;
  countChildren(id: string): Promise<number>;
  countProducts(id: string): Promise<number>;
}

/** Materialised path of a category under `parent` (or a root). */
export function pathOf(id: string, parent: CategoryEntity | null): string {
  return `${parent ? parent.path : '/'}${id}/`;
}

/**
 * SQL access to the category tree. Every tree write holds one transaction-scoped advisory lock,
 * so two concurrent moves can never build a cycle between them.
 */
export class CategoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<CategoryEntity | null> {
    return this.dataSource.getRepository(CategoryEntity).findOneBy({ id });
  }

  /** All categories (or the children of one, or the roots), parents before children, then by name. */
  list(filter: { parentId?: string; rootsOnly?: boolean } = {}): Promise<CategoryEntity[]> {
    const builder = this.dataSource.getRepository(CategoryEntity).createQueryBuilder('c');
    if (filter.parentId !== undefined) builder.andWhere('c.parentId = :parentId', { parentId: filter.parentId });
    if (filter.rootsOnly) builder.andWhere('c.parentId IS NULL');
    return builder.orderBy('c.depth', 'ASC').addOrderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').getMany();
  }

  /** Runs `work` in a transaction holding the tree lock; `WriteRefusedError` on a taken slug or a category changed meanwhile. */
  withTreeLock<T>(work: (tree: TreeWriter) => Promise<T>): Promise<T> {
    return refusingCategoryConstraints(() =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog.category-tree'))`);
        return work(new TreeWriter(manager));
      }),
    );
  }
}

/** Reads and writes of the tree inside one locked transaction. */
export class TreeWriter implements TreeView {
  constructor(private readonly manager: EntityManager) {}

  findById(id: string): Promise<CategoryEntity | null> {
    return this.manager.getRepository(CategoryEntity).findOneBy({ id });
  }

  async subtreeHeight(path: string): Promise<number> {
    const rows: Array<{ height: number | null }> = await this.manager.query(
      `SELECT max(depth) - min(depth) AS height FROM categories WHERE path LIKE $1 || '%'`,
      [path],
    );
    return rows[0]?.height ?? 0;
  }

  countChildren(id: string): Promise<number> {
    return this.manager.getRepository(CategoryEntity).countBy({ parentId: id });
  }

  countProducts(id: string): Promise<number> {
    return this.manager.getRepository(ProductEntity).countBy({ categoryId: id });
  }

  async insert(id: string, values: CategoryValues, parent: CategoryEntity | null): Promise<CategoryEntity> {
    const repository = this.manager.getRepository(CategoryEntity);
    await repository.insert({ id, ...values, path: pathOf(id, parent), depth: parent ? parent.depth + 1 : 0 });
    return repository.findOneByOrFail({ id });
  }

  /** Writes new values; when the parent changed, re-roots the whole subtree (paths and depths). */
  async update(current: CategoryEntity, values: CategoryValues, parent: CategoryEntity | null): Promise<CategoryEntity> {
    const path = pathOf(current.id, parent);
    const depth = parent ? parent.depth + 1 : 0;
    if (path !== current.path) {
      await this.manager.query(
        `UPDATE categories SET path = $2 || substr(path, length($1) + 1), depth = depth + $3, version = version + 1, updated_at = now()
         WHERE path LIKE $1 || '%' AND id <> $4`,
        [current.path, path, depth - current.depth, current.id],
      );
    }
    await this.manager
      .createQueryBuilder()
      .update(CategoryEntity)
      .set({ ...values, path, depth, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id: current.id })
      .execute();
    return this.manager.getRepository(CategoryEntity).findOneByOrFail({ id: current.id });
  }

  async delete(id: string): Promise<void> {
    await this.manager.getRepository(CategoryEntity).delete({ id });
  }
}
