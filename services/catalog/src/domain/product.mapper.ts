import type { ProductEntity } from '../data-access/product.entity';
import type { ProductDto } from './product.schema';

/** The API shape of a stored product. */
export function toProductDto(entity: ProductEntity): ProductDto {
  return {
    id: entity.id,
    sku: entity.sku,
    name: entity.name,
    description: entity.description,
    priceCents: entity.priceCents,
    currency: entity.currency,
    categoryId: entity.categoryId,
    active: entity.active,
    attributes: entity.attributes,
    version: entity.version,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

/**
 * The version inside a product's JSON text, without parsing it: {@link toProductDto} writes `version` after
 * `attributes`, so the last `"version":` key is the product's own (an attribute of that name comes earlier, and
 * inside string values the quotes are escaped).
 */
export function versionInProductJson(json: string): number {
  const at = json.lastIndexOf('"version":');
  const version = at < 0 ? Number.NaN : Number.parseInt(json.slice(at + 10, at + 22), 10);
  if (!Number.isSafeInteger(version)) throw new Error('product JSON without a version');
  return version;
}
