import type { InventoryDeps } from './inventory-deps';
import { UnknownSkuError } from './inventory.errors';

/** Whether catalog has a product with the sku (throws 503 when catalog cannot say). */
export type CatalogSkuLookup = (sku: string) => Promise<boolean>;

/**
 * Refuses (422 `unknown-sku`, naming each) skus that inventory has never held and catalog does not have. Skus with a
 * stock level or a setting are known and catalog is not asked, so they keep working while catalog is down; a new sku
 * then waits for catalog (503). Without a lookup (no `CATALOG_URL`) every sku is accepted.
 */
export async function requireCatalogSkus(deps: InventoryDeps, lookup: CatalogSkuLookup | undefined, skus: string[]): Promise<void> {
  if (!lookup) return;
  const unique = [...new Set(skus)];
  const held = await deps.heldSkus(unique);
  const answers = await Promise.all(unique.filter((sku) => !held.has(sku)).map(async (sku) => ({ sku, sold: await lookup(sku) })));
  const unknown = answers.filter((a) => !a.sold).map((a) => a.sku);
  if (unknown.length > 0) throw new UnknownSkuError(unknown);
}
