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
