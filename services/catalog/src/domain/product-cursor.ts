import { ValidationError } from '@erp/errors';
import { z } from 'zod';
import type { ProductKeyset } from '../data-access/product.repository';
import type { ProductDto, ProductSort } from './product.schema';

/** The payload inside a cursor: the sort it belongs to and the (sort key, id) of the last row served. */
const CursorPayload = z.tuple([z.string(), z.union([z.string().max(400), z.number().int()]), z.uuid()]);

function invalidCursor(message: string): ValidationError {
  return new ValidationError([{ field: 'cursor', message, in: 'query' }]);
}

/** The sort key of `product` under `sort` (timestamps as ISO strings with milliseconds, as stored). */
export function sortKeyOf(product: ProductDto, sort: ProductSort): string | number {
  const field = sort.replace(/^-/, '') as 'createdAt' | 'name' | 'sku' | 'priceCents';
  return product[field];
}

/** An opaque cursor that resumes after `product` in `sort` order. */
export function encodeCursor(product: ProductDto, sort: ProductSort): string {
  return Buffer.from(JSON.stringify([sort, sortKeyOf(product, sort), product.id])).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor} for the same sort; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string, sort: ProductSort): ProductKeyset {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('not a cursor returned by this API');
  }
  const parsed = CursorPayload.safeParse(payload);
  if (!parsed.success) throw invalidCursor('not a cursor returned by this API');
  const [cursorSort, key, id] = parsed.data;
  if (cursorSort !== sort) throw invalidCursor(`cursor belongs to sort=${cursorSort}, not sort=${sort}`);
  const numeric = sort === 'priceCents' || sort === '-priceCents';
  if (numeric !== (typeof key === 'number')) throw invalidCursor('not a cursor returned by this API');
  if ((sort === 'createdAt' || sort === '-createdAt') && Number.isNaN(Date.parse(String(key))))
    throw invalidCursor('not a cursor returned by this API');
  return { key, id };
}
