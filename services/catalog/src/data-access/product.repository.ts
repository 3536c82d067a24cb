import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { ProductEntity } from './product.entity';
import { refusingProductConstraints } from './write-refused.error';

/** Sortable columns of the product list (API name → column). */
const SORT_COLUMNS = { createdAt: 'p.createdAt', name: 'p.name', sku: 'p.sku', priceCents: 'p.priceCents' } as const;
export type ProductSortField = keyof typeof SORT_COLUMNS;

/** Where a keyset page starts: strictly after (or before, descending) this (sort key, id). */
export interface ProductKeyset {
  key: string | number;
  id: string;
}

/** Filters, order and position of one page of products. */
export interface ProductListQuery {
  search?: string;
  categoryId?: string;
  active?: boolean;
  minPriceCents?: number;
  maxPriceCents?: number;
  currency?: string;
  sortField: ProductSortField;
  descending: boolean;
  after?: ProductKeyset;
  limit: number;
}

/** Fields written on insert and update. */
export type ProductValues = Omit<ProductEntity, 'version' | 'createdAt' | 'updatedAt'>;

/** Escapes LIKE wildcards so user input matches literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** SQL access to products. Writes run in a transaction and lock the row they change. */
export class ProductRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<ProductEntity | null> {
    return this.dataSource.getRepository(ProductEntity).findOneBy({ id });
  }

  findBySku(sku: string): Promise<ProductEntity | null> {
    return this.dataSource.getRepository(ProductEntity).findOneBy({ sku });
  }

  /** Inserts a product and returns it as stored (version 1, timestamps from the database); `WriteRefusedError` on a taken sku or unknown category. */
  async insert(values: ProductValues): Promise<ProductEntity> {
    const repository = this.dataSource.getRepository(ProductEntity);
    await refusingProductConstraints(() => repository.insert(values));
    return repository.findOneByOrFail({ id: values.id });
  }

  /**
   * Locks the product, lets `change` compute the new values from the current row (it may throw
   * to abort), writes them with version + 1 and returns the stored row. Undefined when the id is unknown;
   * `WriteRefusedError` on a taken sku or unknown category.
   */
  async update(id: string, change: (current: ProductEntity) => ProductValues | Promise<ProductValues>): Promise<ProductEntity | undefined> {
    return refusingProductConstraints(() =>
      this.dataSource.transaction(async (manager) => {
        const current = await this.lockedRow(manager, id);
        if (!current) return undefined;
        const next = await change(current);
        await manager
          .createQueryBuilder()
          .update(ProductEntity)
          .set({ ...next, id, version: () => 'version + 1', updatedAt: () => 'now()' })
          .where('id = :id', { id })
          .execute();
        return manager.getRepository(ProductEntity).findOneByOrFail({ id });
      }),
    );
  }

  /** Locks the product, lets `check` veto (by throwing), deletes it and returns the deleted row. */
  async delete(id: string, check: (current: ProductEntity) => void): Promise<ProductEntity | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockedRow(manager, id);
      if (!current) return undefined;
      check(current);
      await manager.getRepository(ProductEntity).delete({ id });
      return current;
    });
  }

  /** One page in keyset order: rows after `query.after` in (sort key, id) order, at most `limit`. */
  list(query: ProductListQuery): Promise<ProductEntity[]> {
    const builder = this.dataSource.getRepository(ProductEntity).createQueryBuilder('p');
    this.applyFilters(builder, query);
    const column = SORT_COLUMNS[query.sortField];
    const direction = query.descending ? 'DESC' : 'ASC';
    if (query.after) {
      const cast = query.sortField === 'createdAt' ? '::timestamptz' : '';
      builder.andWhere(`(${column}, p.id) ${query.descending ? '<' : '>'} (:afterKey${cast}, :afterId::uuid)`, {
        afterKey: query.after.key,
        afterId: query.after.id,
      });
    }
    return builder.orderBy(column, direction).addOrderBy('p.id', direction).limit(query.limit).getMany();
  }

  /** Number of products (all, or in one category without descendants). */
  count(categoryId?: string): Promise<number> {
    const repository = this.dataSource.getRepository(ProductEntity);
    return categoryId === undefined ? repository.count() : repository.countBy({ categoryId });
  }

  private applyFilters(builder: SelectQueryBuilder<ProductEntity>, query: ProductListQuery): void {
    if (query.search !== undefined) {
      // search_text is lower(sku || name || description) under a trigram GIN index, which serves LIKE '%…%'.
      builder.andWhere(`p.search_text LIKE '%' || lower(:search) || '%'`, { search: escapeLike(query.search) });
    }
    if (query.categoryId !== undefined) {
      builder.andWhere(
        `p.category_id IN (SELECT d.id FROM categories d WHERE d.path LIKE (SELECT c.path FROM categories c WHERE c.id = :categoryId) || '%')`,
        { categoryId: query.categoryId },
      );
    }
    if (query.active !== undefined) builder.andWhere('p.active = :active', { active: query.active });
    if (query.minPriceCents !== undefined) builder.andWhere('p.price_cents >= :minPriceCents', { minPriceCents: query.minPriceCents });
    if (query.maxPriceCents !== undefined) builder.andWhere('p.price_cents <= :maxPriceCents', { maxPriceCents: query.maxPriceCents });
    if (query.currency !== undefined) builder.andWhere('p.currency = :currency', { currency: query.currency });
  }

  private lockedRow(manager: EntityManager, id: string): Promise<ProductEntity | null> {
    return manager.getRepository(ProductEntity).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
  }
}
