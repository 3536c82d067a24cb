import type { InventoryDeps } from './inventory-deps';
import { receiveStock } from './change-stock.use-case';

/**
 * On first start (an empty ledger), books a receipt of `quantity` units at location "main" for each sku,
 * so the catalog's demo products can be ordered right away. Returns how many skus were stocked.
 */
export async function seedDemoStock(deps: InventoryDeps, skus: readonly string[], quantity: number): Promise<number> {
  if (skus.length === 0 || quantity === 0) return 0;
  if (!(await deps.ledger.isEmpty())) return 0;
  await receiveStock(deps, {
    location: 'main',
    lines: skus.map((sku) => ({ sku, quantity })),
    reason: 'demo stock',
    reference: 'seed',
    actor: 'seed',
  });
  return skus.length;
}
