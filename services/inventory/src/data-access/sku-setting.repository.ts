import type { EntityManager } from 'typeorm';

/** Low-stock thresholds of the given skus (skus without one are absent). */
export async function readThresholds(manager: EntityManager, skus: string[]): Promise<Map<string, number>> {
  const rows: Array<{ sku: string; low_stock_threshold: number }> = await manager.query(
    `SELECT sku, low_stock_threshold FROM sku_settings WHERE sku = ANY($1::text[])`,
    [skus],
  );
  return new Map(rows.map((r) => [r.sku, r.low_stock_threshold]));
}

/** Sets (or, with null, removes) the low-stock threshold of a sku. */
export async function writeThreshold(manager: EntityManager, sku: string, threshold: number | null): Promise<void> {
  if (threshold === null) {
    await manager.query(`DELETE FROM sku_settings WHERE sku = $1`, [sku]);
    return;
  }
  await manager.query(
    `INSERT INTO sku_settings (sku, low_stock_threshold) VALUES ($1, $2)
     ON CONFLICT (sku) DO UPDATE SET low_stock_threshold = EXCLUDED.low_stock_threshold, updated_at = now()`,
    [sku, threshold],
  );
}

/** Skus whose available stock (all locations) is below their threshold, lowest first. */
export async function findBelowThreshold(
  manager: EntityManager,
): Promise<Array<{ sku: string; threshold: number; available: number; onHand: number }>> {
  const rows: Array<{ sku: string; threshold: number; available: number; on_hand: number }> = await manager.query(
    `SELECT t.sku, t.low_stock_threshold AS threshold,
            coalesce(sum(s.on_hand - s.reserved), 0)::int AS available, coalesce(sum(s.on_hand), 0)::int AS on_hand
       FROM sku_settings t LEFT JOIN stock_levels s ON s.sku = t.sku
      GROUP BY t.sku, t.low_stock_threshold
     HAVING coalesce(sum(s.on_hand - s.reserved), 0) < t.low_stock_threshold
      ORDER BY available, t.sku`,
  );
  return rows.map((r) => ({ sku: r.sku, threshold: r.threshold, available: r.available, onHand: r.on_hand }));
}
