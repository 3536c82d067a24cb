import { ServiceUnavailableError } from '@erp/errors';
import { type HttpClient } from '@erp/service-kit';

/**
 * Asks catalog (`GET /api/v1/products/by-sku/{sku}`) whether it has a product with `sku`: 200 yes, 404 no (and 400:
 * a sku catalog would refuse is one it never had). Anything else, or no answer, is a 503 naming catalog.
 */
export async function catalogHasSku(catalog: HttpClient, sku: string): Promise<boolean> {
  const response = await catalog.get<unknown>(`/api/v1/products/by-sku/${encodeURIComponent(sku)}`);
  if (response.status === 200) return true;
  if (response.status === 404 || response.status === 400) return false;
  throw new ServiceUnavailableError(`catalog answered ${response.status} for sku ${sku}`, {
    dependency: 'catalog',
    upstreamStatus: response.status,
  });
}
