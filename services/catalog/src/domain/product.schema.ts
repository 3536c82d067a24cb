import { z } from 'zod';
import { Sku } from '@erp/contracts';

export { Sku };

/** ISO 4217 codes the runtime knows (ICU); a currency must be one of them. */
const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** Largest price the `integer` column holds. */
export const MAX_PRICE_CENTS = 2_147_483_647;
/** Bounds of `attributes`: key count and serialized size. */
export const MAX_ATTRIBUTE_KEYS = 50;
export const MAX_ATTRIBUTES_BYTES = 8192;

/** Three upper-case letters naming an ISO 4217 currency. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'three upper-case letters (ISO 4217)')
  .refine((code) => isoCurrencies.has(code), 'not an ISO 4217 currency code')
  .describe('ISO 4217 currency code');

export const PriceCents = z.number().int().min(0).max(MAX_PRICE_CENTS).describe('price in minor units (cents)');

const AttributeValue = z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]);

/** Free-form product attributes: a flat JSON object of scalars, bounded in keys and size. */
export const Attributes = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'attribute names: a letter, then letters, digits, _ . -'), AttributeValue)
  .refine((value) => Object.keys(value).length <= MAX_ATTRIBUTE_KEYS, `at most ${MAX_ATTRIBUTE_KEYS} attributes`)
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_ATTRIBUTES_BYTES, `at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON`)
  .describe('flat object of string, number, boolean or null values');

const productFields = {
  sku: Sku,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  priceCents: PriceCents,
  currency: Currency,
  categoryId: z.uuid().nullable().describe('category, or null for none'),
  active: z.boolean(),
  attributes: Attributes,
};

/** Body of `POST /api/v1/products`. */
export const CreateProduct = z
  .object({
    ...productFields,
    description: productFields.description.default(''),
    categoryId: productFields.categoryId.default(null),
    active: productFields.active.default(true),
    attributes: productFields.attributes.default({}),
  })
  .strict();
export type CreateProductInput = z.infer<typeof CreateProduct>;

/** Body of `PUT /api/v1/products/{id}`: every field, as on create. */
export const ReplaceProduct = CreateProduct;

/** Body of `PATCH /api/v1/products/{id}`: any non-empty subset of the fields. */
export const PatchProduct = z
  .object(productFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'at least one field');
export type PatchProductInput = z.infer<typeof PatchProduct>;

/** A product as the API returns it. */
export const Product = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  priceCents: z.number().int(),
  currency: z.string(),
  categoryId: z.uuid().nullable(),
  active: z.boolean(),
  attributes: z.record(z.string(), AttributeValue),
  version: z.number().int().describe('increments on every change; also the ETag'),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
});
export type ProductDto = z.infer<typeof Product>;

/** Sort keys of the product list; `-` prefix sorts descending. Ties break on id. */
export const PRODUCT_SORTS = ['createdAt', '-createdAt', 'name', '-name', 'sku', '-sku', 'priceCents', '-priceCents'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');
const centsParam = z.coerce.number().int().min(0).max(MAX_PRICE_CENTS);

/** Query of `GET /api/v1/products`. */
export const ListProductsQuery = z
  .object({
    q: z.string().trim().min(1).max(200).optional().describe('substring of name, sku or description (case-insensitive)'),
    categoryId: z.uuid().optional().describe('this category and all its descendants'),
    active: booleanFlag.optional(),
    minPriceCents: centsParam.optional(),
    maxPriceCents: centsParam.optional(),
    currency: Currency.optional(),
    sort: z.enum(PRODUCT_SORTS).default('createdAt'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(512).optional().describe('opaque; nextCursor of the previous page, with the same sort'),
  })
  .strict();
export type ListProductsInput = z.infer<typeof ListProductsQuery>;

/** A page of products. */
export const ProductPage = z.object({
  items: z.array(Product),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});
export type ProductPageDto = z.infer<typeof ProductPage>;
