import type { EntityManager } from 'typeorm';

/** Which of `skus` inventory already holds: a stock level at any location, or a setting. */
export async function findHeldSkus(manager: EntityManager, skus: string[]): Promise<Set<string>> {
  const rows: Array<{ sku: string }> = await manager.query(
    `SELECT sku FROM stock_levels WHERE sku = ANY($1::text[]) UNION SELECT sku FROM sku_settings WHERE sku = ANY($1::text[])`,
    [skus],
  );
  return new Set(rows.map((r) => r.sku));
}
