import { z } from 'zod';
import { ServiceUnavailableError, type HttpClient } from '@erp/service-kit';

/** What orders needs of a catalog product. */
export const CatalogProduct = z.object({
  sku: z.string(),
  name: z.string(),
  priceCents: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  active: z.boolean(),
});
export type CatalogProduct = z.infer<typeof CatalogProduct>;

/** Reads products from the catalog by sku (in parallel); unknown skus map to null. Throws 503 when the catalog cannot answer. */
export async function fetchProducts(catalog: HttpClient, skus: string[]): Promise<Map<string, CatalogProduct | null>> {
  const entries = await Promise.all(
    skus.map(async (sku): Promise<[string, CatalogProduct | null]> => {
      const response = await catalog.get<unknown>(`/api/v1/products/by-sku/${encodeURIComponent(sku)}`);
      if (response.status === 404) return [sku, null];
      const parsed = CatalogProduct.safeParse(response.data);
      if (response.status !== 200 || !parsed.success) {
        throw new ServiceUnavailableError(`catalog answered ${response.status} with an unexpected body for sku ${sku}`, { dependency: 'catalog' });
      }
      return [sku, parsed.data];
    }),
  );
  return new Map(entries);
}
