import { z } from 'zod';

/** Deepest level of the category tree (roots are depth 0). */
export const MAX_CATEGORY_DEPTH = 7;

/** URL-safe category key: lower-case letters and digits separated by single hyphens. */
export const Slug = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters and digits separated by single hyphens');

const categoryFields = {
  slug: Slug,
  name: z.string().trim().min(1).max(200),
  parentId: z.uuid().nullable().describe('parent category, or null for a root'),
};

/** Body of `POST /api/v1/categories`. */
export const CreateCategory = z.object({ ...categoryFields, parentId: categoryFields.parentId.default(null) }).strict();
export type CreateCategoryInput = z.infer<typeof CreateCategory>;

/** Body of `PUT /api/v1/categories/{id}`. */
export const ReplaceCategory = CreateCategory;

/** Body of `PATCH /api/v1/categories/{id}`: any non-empty subset. */
export const PatchCategory = z
  .object(categoryFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'at least one field');
export type PatchCategoryInput = z.infer<typeof PatchCategory>;

/** A category as the API returns it. */
export const Category = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  slug: z.string(),
  name: z.string(),
  depth: z.number().int().describe('0 for a root'),
  ancestorIds: z.array(z.uuid()).describe('from the root down to the parent'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CategoryDto = z.infer<typeof Category>;

export type CategoryTreeNode = CategoryDto & { children: CategoryTreeNode[] };

/** A node of `GET /api/v1/categories/tree` (children nest recursively). */
export const CategoryTree: z.ZodType<CategoryTreeNode> = Category.extend({
  get children() {
    return z.array(CategoryTree);
  },
});

/** Query of `GET /api/v1/categories`. */
export const ListCategoriesQuery = z
  .object({
    parentId: z.uuid().optional().describe('only the direct children of this category'),
    roots: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .describe('only root categories'),
  })
  .strict();
export type ListCategoriesInput = z.infer<typeof ListCategoriesQuery>;
