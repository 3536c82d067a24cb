import type { DataSource } from 'typeorm';
import { NotFoundError } from '@erp/service-kit';
import { listSkus, readStock } from '../data-access/stock.repository';
import { findBelowThreshold, readThresholds, writeThreshold } from '../data-access/sku-setting.repository';
import { findLedgerMismatches, listMovements, type LedgerMismatch, type MovementView } from '../data-access/ledger.repository';
import { toStockViews, type StockView } from './stock.view';

/** Stock of one sku (404 when it has never been stocked). */
export async function getStock(dataSource: DataSource, sku: string): Promise<StockView> {
  const [view] = toStockViews(await readStock(dataSource.manager, [sku]), await readThresholds(dataSource.manager, [sku]));
  if (!view) throw new NotFoundError('Stock for sku', sku);
  return view;
}

/** Stock of the given skus, or a page of all skus (sku order, after `after`). */
export async function listStock(dataSource: DataSource, query: { skus?: string[]; after?: string; limit: number }): Promise<{ items: StockView[]; next: string | null }> {
  const skus = query.skus ?? (await listSkus(dataSource.manager, query.after, query.limit));
  const items = toStockViews(await readStock(dataSource.manager, skus), await readThresholds(dataSource.manager, skus));
  const next = !query.skus && skus.length === query.limit ? (skus[skus.length - 1] ?? null) : null;
  return { items, next };
}

/** The ledger of a sku, oldest first, with the id to continue after. */
export async function getMovements(dataSource: DataSource, sku: string, after: string | undefined, limit: number): Promise<{ items: MovementView[]; next: string | null }> {
  const items = await listMovements(dataSource.manager, sku, after, limit);
  return { items, next: items.length === limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** Sets or clears a sku's low-stock threshold. */
export async function setLowStockThreshold(dataSource: DataSource, sku: string, threshold: number | null): Promise<{ sku: string; lowStockThreshold: number | null }> {
  await writeThreshold(dataSource.manager, sku, threshold);
  return { sku, lowStockThreshold: threshold };
}

/** Skus below their low-stock threshold. */
export async function getLowStock(dataSource: DataSource) {
  return { items: await findBelowThreshold(dataSource.manager) };
}

/** Checks that every stock level equals its ledger and that reserved equals what pending and confirmed reservations hold. */
export async function verifyLedger(dataSource: DataSource): Promise<{ consistent: boolean; mismatches: LedgerMismatch[] }> {
  const mismatches = await findLedgerMismatches(dataSource.manager);
  return { consistent: mismatches.length === 0, mismatches };
}
