import type { Principal } from '@erp/auth';
import type { OrderFilter } from '../data-access/order.repository';
import { placerFilter } from './order-access';
import { toOrderView, type OrderView } from './order.view';
import type { OrdersDeps } from './orders-deps';

/** Opaque cursor ↔ the seq of the last order on a page. */
export const encodeCursor = (seq: string): string => Buffer.from(`o:${seq}`).toString('base64url');
export function decodeCursor(cursor: string): string | null {
  const match = /^o:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? match[1]! : null;
}

/** Orders the caller may see (see order-access), newest first, with the cursor of the next page (null on the last page). */
export async function findOrders(
  deps: Pick<OrdersDeps, 'orders'>,
  caller: Principal,
  filter: OrderFilter,
): Promise<{ items: OrderView[]; nextCursor: string | null }> {
  const rows = await deps.orders.list({ ...filter, placedBy: placerFilter(caller) });
  const last = rows[rows.length - 1];
  return { items: rows.map((r) => toOrderView(r)), nextCursor: rows.length === filter.limit && last ? encodeCursor(last.seq) : null };
}
