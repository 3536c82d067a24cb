import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A shopping cart; lines hold skus and quantities only (prices always come from the catalog). */
@Entity({ name: 'carts' })
export class Cart {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'customer_id' }) customerId!: string;
  @Column({ type: 'text', name: 'placed_by', nullable: true }) placedBy!: string | null;
  @Column({ type: 'text' }) status!: 'open' | 'checked_out';
  @Column({ type: 'uuid', name: 'order_id', nullable: true }) orderId!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** One sku in a cart. */
@Entity({ name: 'cart_lines' })
export class CartLine {
  @PrimaryColumn({ type: 'uuid', name: 'cart_id' }) cartId!: string;
  @PrimaryColumn({ type: 'text' }) sku!: string;
  @Column({ type: 'integer' }) quantity!: number;
  @Column({ type: 'timestamptz', name: 'added_at' }) addedAt!: Date;
}
