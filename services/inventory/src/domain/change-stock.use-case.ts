import { ConflictError, NotFoundError } from '@erp/errors';
import type { InventoryRepositories } from '../data-access/inventory-store';
import type { InventoryDeps } from './inventory-deps';
import { InsufficientStockError } from './inventory.errors';
import { toStockViews, type StockView } from './stock.view';

/** Highest on-hand quantity a row may hold (well inside the integer column). */
export const MAX_ON_HAND = 1_000_000_000;

/** Who made a change and why. */
export interface ChangeContext {
  reason: string;
  reference: string | null;
  actor: string;
}

async function assertLocations(tx: InventoryRepositories, codes: string[]): Promise<void> {
  const known = await tx.locations.findCodes(codes);
  const missing = codes.find((c) => !known.has(c));
  if (missing !== undefined) throw new NotFoundError('Location', missing);
}

async function viewOf(tx: InventoryRepositories, skus: string[]): Promise<StockView[]> {
  return toStockViews(await tx.stock.read(skus), await tx.settings.readThresholds(skus));
}

/** Adds `delta` (may be negative) to the on-hand stock of a sku at a location; never below what is reserved. */
export async function adjustStock(
  deps: InventoryDeps,
  input: { sku: string; location: string; delta: number } & ChangeContext,
): Promise<StockView> {
  return deps.transaction(async (tx) => {
    await assertLocations(tx, [input.location]);
    const [row] = await tx.stock.lockRows([{ sku: input.sku, locationCode: input.location }]);
    if (!row) throw new Error('stock row missing after upsert');
    if (row.onHand + input.delta < row.reserved) {
      throw new InsufficientStockError([{ sku: input.sku, requested: -input.delta, available: row.onHand - row.reserved }]);
    }
    if (row.onHand + input.delta > MAX_ON_HAND)
      throw new ConflictError(`On hand would exceed ${MAX_ON_HAND}`, { sku: input.sku }, { type: 'stock-limit' });
    await tx.stock.applyMovements([
      {
        sku: input.sku,
        locationCode: input.location,
        kind: 'adjustment',
        onHandDelta: input.delta,
        reservedDelta: 0,
        reason: input.reason,
        reference: input.reference,
        actor: input.actor,
      },
    ]);
    const [view] = await viewOf(tx, [input.sku]);
    return view!;
  });
}

/** Books goods received at a location (one ledger receipt per line; rows locked in sku order). */
export async function receiveStock(
  deps: InventoryDeps,
  input: { location: string; lines: Array<{ sku: string; quantity: number }> } & ChangeContext,
): Promise<StockView[]> {
  return deps.transaction(async (tx) => {
    await assertLocations(tx, [input.location]);
    const rows = await tx.stock.lockRows(input.lines.map((l) => ({ sku: l.sku, locationCode: input.location })));
    const over = input.lines.filter((l) => (rows.find((r) => r.sku === l.sku)?.onHand ?? 0) + l.quantity > MAX_ON_HAND).map((l) => l.sku);
    if (over.length > 0)
      throw new ConflictError(`On hand would exceed ${MAX_ON_HAND} for ${over.join(', ')}`, { skus: over }, { type: 'stock-limit' });
    await tx.stock.applyMovements(
      input.lines.map((l) => ({
        sku: l.sku,
        locationCode: input.location,
        kind: 'receipt',
        onHandDelta: l.quantity,
        reservedDelta: 0,
        reason: input.reason,
        reference: input.reference,
        actor: input.actor,
      })),
    );
    return viewOf(
      tx,
      input.lines.map((l) => l.sku),
    );
  });
}

/** Moves available (unreserved) stock of a sku from one location to another. */
export async function transferStock(
  deps: InventoryDeps,
  input: { sku: string; from: string; to: string; quantity: number } & ChangeContext,
): Promise<StockView> {
  return deps.transaction(async (tx) => {
    await assertLocations(tx, [input.from, input.to]);
    const rows = await tx.stock.lockRows([input.from, input.to].map((locationCode) => ({ sku: input.sku, locationCode })));
    const source = rows.find((r) => r.locationCode === input.from)!;
    const target = rows.find((r) => r.locationCode === input.to)!;
    if (source.onHand - source.reserved < input.quantity) {
      throw new InsufficientStockError([{ sku: input.sku, requested: input.quantity, available: source.onHand - source.reserved }]);
    }
    if (target.onHand + input.quantity > MAX_ON_HAND)
      throw new ConflictError(`On hand would exceed ${MAX_ON_HAND}`, { sku: input.sku }, { type: 'stock-limit' });
    const common = { sku: input.sku, reservedDelta: 0, reason: input.reason, reference: input.reference, actor: input.actor };
    await tx.stock.applyMovements([
      { ...common, locationCode: input.from, kind: 'transfer_out', onHandDelta: -input.quantity },
      { ...common, locationCode: input.to, kind: 'transfer_in', onHandDelta: input.quantity },
    ]);
    const [view] = await viewOf(tx, [input.sku]);
    return view!;
  });
}
