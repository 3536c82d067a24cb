import type { CategoryEntity } from '../data-access/category.entity';
import type { CategoryDto } from './category.schema';

/** The API shape of a stored category; `ancestorIds` come from the materialised path. */
export function toCategoryDto(entity: CategoryEntity): CategoryDto {
  return {
    id: entity.id,
    parentId: entity.parentId,
    slug: entity.slug,
    name: entity.name,
    depth: entity.depth,
    ancestorIds: entity.path.split('/').filter((segment) => segment !== '' && segment !== entity.id),
    version: entity.version,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}
