import { NotFoundError } from '@erp/errors';
import type { LedgerMismatch, MovementView } from '../data-access/ledger.repository';
import type { InventoryDeps } from './inventory-deps';
import { toStockViews, type StockView } from './stock.view';

/** Stock of one sku (404 when it has never been stocked). */
export async function getStock(deps: InventoryDeps, sku: string): Promise<StockView> {
  const [view] = toStockViews(await deps.stock.read([sku]), await deps.settings.readThresholds([sku]));
  if (!view) throw new NotFoundError('Stock for sku', sku);
  return view;
}

/** Stock of the given skus, or a page of all skus (sku order, after `after`). */
export async function listStock(
  deps: InventoryDeps,
  query: { skus?: string[]; after?: string; limit: number },
): Promise<{ items: StockView[]; next: string | null }> {
  const skus = query.skus ?? (await deps.stock.listSkus(query.after, query.limit));
  const items = toStockViews(await deps.stock.read(skus), await deps.settings.readThresholds(skus));
  const next = !query.skus && skus.length === query.limit ? (skus[skus.length - 1] ?? null) : null;
  return { items, next };
}

/** The ledger of a sku, oldest first, with the id to continue after. */
export async function getMovements(
  deps: InventoryDeps,
  sku: string,
  after: string | undefined,
  limit: number,
): Promise<{ items: MovementView[]; next: string | null }> {
  const items = await deps.ledger.list(sku, after, limit);
  return { items, next: items.length === limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** Sets or clears a sku's low-stock threshold. */
export async function setLowStockThreshold(
  deps: InventoryDeps,
  sku: string,
  threshold: number | null,
): Promise<{ sku: string; lowStockThreshold: number | null }> {
  await deps.settings.writeThreshold(sku, threshold);
  return { sku, lowStockThreshold: threshold };
}

/** Skus below their low-stock threshold. */
export async function getLowStock(deps: InventoryDeps) {
  return { items: await deps.settings.findBelowThreshold() };
}

/** Checks that every stock level equals its ledger and that reserved equals what pending and confirmed reservations hold. */
export async function verifyLedger(deps: InventoryDeps): Promise<{ consistent: boolean; mismatches: LedgerMismatch[] }> {
  const mismatches = await deps.ledger.findMismatches();
  return { consistent: mismatches.length === 0, mismatches };
}
