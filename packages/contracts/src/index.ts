import { z } from 'zod';

/**
 * The formats services agree on when they talk about the same things over HTTP (catalog's products by sku,
 * inventory's reservations, orders' lines). Each service still owns its data; this is only the shape on the wire.
 */

/** A stock keeping unit, normalised: trimmed, upper case, letters and digits in segments separated by single hyphens (`ACME-TSHIRT-M`). */
export const Sku = z
  .string()
  .trim()
  .toUpperCase()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/, 'letters and digits in segments separated by single hyphens')
  .describe('stock keeping unit (normalised to upper case)');

/** Largest quantity in one line or movement. */
export const MAX_QUANTITY = 1_000_000;

/** How many units of a sku: a whole number from 1 to {@link MAX_QUANTITY}. */
export const Quantity = z.number().int().min(1).max(MAX_QUANTITY);

/** Order or reservation lines: 1–100, each sku at most once (after normalisation). */
export const OrderLines = z
  .array(z.object({ sku: Sku, quantity: Quantity }).strict())
  .min(1)
  .max(100)
  .superRefine((lines, ctx) => {
    const seen = new Set<string>();
    lines.forEach((line, index) => {
      if (seen.has(line.sku)) ctx.addIssue({ code: 'custom', path: [index, 'sku'], message: `duplicate sku ${line.sku}` });
      seen.add(line.sku);
    });
  });

/**
 * Catalog's change notices (Redis pub/sub): after every product write, the skus whose product changed (price, name,
 * active flag, created or deleted). Orders keeps catalog answers in memory only while it hears these.
 */
export const CATALOG_PRODUCT_CHANGES_CHANNEL = 'erp:catalog:product-changes';
export const CatalogProductChanges = z.object({ skus: z.array(Sku).min(1).max(1000) });
export type CatalogProductChanges = z.infer<typeof CatalogProductChanges>;

export * from './health-verdict';
export * from './observer-api';
