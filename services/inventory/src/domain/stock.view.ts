import type { StockRow } from '../data-access/stock.repository';

/** Stock of one sku: totals across locations plus each location. */
export interface StockView {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number | null;
  locations: Array<{ location: string; onHand: number; reserved: number; available: number }>;
}

/** Groups stock rows (sorted by sku) into one view per sku. */
export function toStockViews(rows: StockRow[], thresholds: Map<string, number>): StockView[] {
  const bySku = new Map<string, StockView>();
  for (const row of rows) {
    let view = bySku.get(row.sku);
    if (!view) {
      view = { sku: row.sku, onHand: 0, reserved: 0, available: 0, lowStockThreshold: thresholds.get(row.sku) ?? null, locations: [] };
      bySku.set(row.sku, view);
    }
    view.onHand += row.onHand;
    view.reserved += row.reserved;
    view.available += row.onHand - row.reserved;
    view.locations.push({ location: row.locationCode, onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved });
  }
  return [...bySku.values()];
}
