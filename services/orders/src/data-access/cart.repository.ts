import type { EntityManager } from 'typeorm';

/** A cart with its lines (sku and quantity only). */
export interface CartRecord {
  id: string;
  customerId: string;
  /** Subject of the token that opened it. */
  placedBy: string | null;
  status: 'open' | 'checked_out';
  orderId: string | null;
  createdAt: Date;
  updatedAt: Date;
  lines: Array<{ sku: string; quantity: number }>;
}

/** Largest number of distinct skus in one cart. */
export const MAX_CART_LINES = 100;

/** SQL access to carts and their lines. */
export class CartRepository {
  constructor(private readonly m: EntityManager) {}

  /** Creates an empty open cart. */
  async insert(customerId: string, placedBy: string): Promise<CartRecord> {
    const rows: Array<{ id: string; created_at: Date }> = await this.m.query(
      `INSERT INTO carts (customer_id, placed_by) VALUES ($1, $2) RETURNING id, created_at`,
      [customerId, placedBy],
    );
    const row = rows[0]!;
    return {
      id: row.id,
      customerId,
      placedBy,
      status: 'open',
      orderId: null,
      createdAt: row.created_at,
      updatedAt: row.created_at,
      lines: [],
    };
  }

  /** Reads a cart with its lines (optionally locking the cart row). */
  async find(id: string, forUpdate = false): Promise<CartRecord | null> {
    const rows: Array<{
      id: string;
      customer_id: string;
      placed_by: string | null;
      status: 'open' | 'checked_out';
      order_id: string | null;
      created_at: Date;
      updated_at: Date;
    }> = await this.m.query(
      `SELECT id, customer_id, placed_by, status, order_id, created_at, updated_at FROM carts WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const lines: Array<{ sku: string; quantity: number }> = await this.m.query(
      `SELECT sku, quantity FROM cart_lines WHERE cart_id = $1 ORDER BY added_at, sku`,
      [id],
    );
    return {
      id: row.id,
      customerId: row.customer_id,
      placedBy: row.placed_by,
      status: row.status,
      orderId: row.order_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      lines,
    };
  }

  /** Sets the quantity of a sku in a cart (adding the line if needed). */
  async upsertLine(cartId: string, sku: string, quantity: number): Promise<void> {
    await this.m.query(
      `INSERT INTO cart_lines (cart_id, sku, quantity) VALUES ($1, $2, $3) ON CONFLICT (cart_id, sku) DO UPDATE SET quantity = EXCLUDED.quantity`,
      [cartId, sku, quantity],
    );
    await this.m.query(`UPDATE carts SET updated_at = now() WHERE id = $1`, [cartId]);
  }

  /** Removes a sku from a cart; returns whether it was there (the cart is touched only then). */
  async deleteLine(cartId: string, sku: string): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `WITH d AS (DELETE FROM cart_lines WHERE cart_id = $1 AND sku = $2 RETURNING 1) SELECT * FROM d`,
      [cartId, sku],
    );
    if (rows.length === 0) return false;
    await this.m.query(`UPDATE carts SET updated_at = now() WHERE id = $1`, [cartId]);
    return true;
  }
}
