import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Order states. pending → confirmed → fulfilled, or cancelled; failed when placement did not succeed. */
export const ORDER_STATUSES = ['pending', 'confirmed', 'fulfilled', 'cancelled', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order; totals in minor units of one currency. */
@Entity({ name: 'orders' })
export class Order {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column({ type: 'text', name: 'customer_id' }) customerId!: string;
  @Column({ type: 'text', name: 'placed_by', nullable: true }) placedBy!: string | null;
  @Column({ type: 'text' }) status!: OrderStatus;
  @Column({ type: 'bigint', name: 'total_cents' }) totalCents!: string;
  @Column({ type: 'text' }) currency!: string;
  @Column({ type: 'text', name: 'failure_reason', nullable: true }) failureReason!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** One line of an order, priced from the catalog at placement. */
@Entity({ name: 'order_lines' })
export class OrderLine {
  @PrimaryColumn({ type: 'uuid', name: 'order_id' }) orderId!: string;
  @PrimaryColumn({ type: 'integer', name: 'line_no' }) lineNo!: number;
  @Column({ type: 'text' }) sku!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'integer' }) quantity!: number;
  @Column({ type: 'integer', name: 'unit_price_cents' }) unitPriceCents!: number;
  @Column({ type: 'bigint', name: 'line_total_cents' }) lineTotalCents!: string;
}

/** A recorded status change. */
@Entity({ name: 'order_transitions' })
export class OrderTransition {
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'order_id' }) orderId!: string;
  @Column({ type: 'text', name: 'from_status', nullable: true }) fromStatus!: OrderStatus | null;
  @Column({ type: 'text', name: 'to_status' }) toStatus!: OrderStatus;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'timestamptz' }) at!: Date;
}
