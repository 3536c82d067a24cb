import { UnprocessableError } from '@erp/errors';
import { fetchProducts, type CatalogApi } from '../data-access/catalog.gateway';
import type { PricedLine } from '../data-access/order.repository';

/** Largest order total accepted (keeps sums exact in JS numbers and in bigint columns). */
export const MAX_TOTAL_CENTS = 1e15;

/** Lines priced from the catalog, with their total in one currency. */
export interface PricedOrder {
  lines: PricedLine[];
  totalCents: number;
  currency: string;
}

/**
 * Prices `lines` from the catalog — never from the client. Unknown or inactive skus, or lines in different
 * currencies → 422 naming the skus. Throws 503 when the catalog cannot answer.
 */
export async function priceLines(catalog: CatalogApi, lines: Array<{ sku: string; quantity: number }>): Promise<PricedOrder> {
  const products = await fetchProducts(
    catalog,
    lines.map((l) => l.sku),
  );
  const unknown = lines.filter((l) => !products.get(l.sku)).map((l) => l.sku);
  if (unknown.length > 0)
    throw new UnprocessableError(`Unknown skus: ${unknown.join(', ')}`, { skus: unknown }, { type: 'unknown-sku', title: 'Unknown sku' });
  const inactive = lines.filter((l) => products.get(l.sku)?.active === false).map((l) => l.sku);
  if (inactive.length > 0)
    throw new UnprocessableError(
      `Skus not for sale: ${inactive.join(', ')}`,
      { skus: inactive },
      { type: 'inactive-sku', title: 'Inactive sku' },
    );
  const priced = lines.map((l) => {
    const product = products.get(l.sku)!;
    return { sku: l.sku, name: product.name, quantity: l.quantity, unitPriceCents: product.priceCents, currency: product.currency };
  });
  const currencies = [...new Set(priced.map((p) => p.currency))];
  if (currencies.length > 1) {
    throw new UnprocessableError(
      `Lines are priced in different currencies (${currencies.join(', ')})`,
      { currencies },
      { type: 'mixed-currency', title: 'Mixed currencies' },
    );
  }
  const totalCents = priced.reduce((sum, p) => sum + p.quantity * p.unitPriceCents, 0);
  if (totalCents > MAX_TOTAL_CENTS)
    throw new UnprocessableError(`Order total exceeds ${MAX_TOTAL_CENTS} minor units`, {}, { type: 'total-too-large' });
  return { lines: priced.map(({ currency: _currency, ...line }) => line), totalCents, currency: currencies[0]! };
}
