import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DemoCategory, DemoProduct } from './demo-catalog';

/** Writes a named data seed once per database, even when several instances start together. */
export class SeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * In one transaction under an advisory lock: unless `name` is in seed_history, inserts the categories
   * (existing slugs are reused) and products (existing skus are left alone) and records `name`.
   * Returns whether it seeded.
   */
  seedOnce(name: string, categories: DemoCategory[], products: DemoProduct[]): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog.seed'))`);
      const done: unknown[] = await manager.query(`SELECT 1 FROM seed_history WHERE name = $1`, [name]);
      if (done.length > 0) return false;
      const ids = new Map<string, { id: string; path: string; depth: number }>();
      for (const category of categories) {
        const parent = category.parent === null ? undefined : ids.get(category.parent);
        const id = randomUUID();
        const path = `${parent ? parent.path : '/'}${id}/`;
        const depth = parent ? parent.depth + 1 : 0;
        const rows: Array<{ id: string; path: string; depth: number }> = await manager.query(
          `INSERT INTO categories (id, parent_id, slug, name, path, depth) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id, path, depth`,
          [id, parent?.id ?? null, category.slug, category.name, path, depth],
        );
        const stored = rows[0];
        if (stored) ids.set(category.slug, stored);
      }
      for (const product of products) {
        await manager.query(
          `INSERT INTO products (id, sku, name, description, price_cents, currency, category_id, attributes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (sku) DO NOTHING`,
          [
            randomUUID(),
            product.sku,
            product.name,
            product.description,
            product.priceCents,
            product.currency,
            ids.get(product.category)?.id ?? null,
            JSON.stringify(product.attributes),
          ],
        );
      }
      await manager.query(`INSERT INTO seed_history (name) VALUES ($1)`, [name]);
      return true;
    });
  }
}
