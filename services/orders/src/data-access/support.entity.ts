import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A claimed Idempotency-Key: the request's hash and, once finished, the response to replay. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryColumn({ type: 'text' }) scope!: string;
  @PrimaryColumn({ type: 'text' }) key!: string;
  @Column({ type: 'text', name: 'request_hash' }) requestHash!: string;
  @Column({ type: 'uuid', name: 'order_id', nullable: true }) orderId!: string | null;
  @Column({ type: 'integer', name: 'response_status', nullable: true }) responseStatus!: number | null;
  @Column({ type: 'jsonb', name: 'response_body', nullable: true }) responseBody!: unknown;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt!: Date | null;
}

/** A durable "release the reservation of this order" that a job retries until inventory confirms it. */
@Entity({ name: 'compensations' })
export class Compensation {
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', name: 'order_id' }) orderId!: string;
  @Column({ type: 'text' }) action!: 'release';
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ type: 'timestamptz', name: 'next_attempt_at' }) nextAttemptAt!: Date;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError!: string | null;
  @Column({ type: 'timestamptz', name: 'done_at', nullable: true }) doneAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** An order event written in the same transaction as the change it describes. */
@Entity({ name: 'outbox' })
export class OutboxEvent {
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text', name: 'event_type' }) eventType!: string;
  @Column({ type: 'uuid', name: 'order_id' }) orderId!: string;
  @Column({ type: 'jsonb' }) payload!: unknown;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'fanned_out_at', nullable: true }) fannedOutAt!: Date | null;
}

/** A webhook subscriber: events matching `events` are POSTed to `url`, signed with `secret`. */
@Entity({ name: 'subscriptions' })
export class Subscription {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) url!: string;
  @Column({ type: 'text', array: true }) events!: string[];
  @Column({ type: 'text' }) secret!: string;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** One event to one subscriber, retried with backoff until delivered. */
@Entity({ name: 'deliveries' })
export class Delivery {
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'bigint', name: 'event_id' }) eventId!: string;
  @Column({ type: 'uuid', name: 'subscription_id' }) subscriptionId!: string;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ type: 'timestamptz', name: 'next_attempt_at' }) nextAttemptAt!: Date;
  @Column({ type: 'integer', name: 'last_status', nullable: true }) lastStatus!: number | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError!: string | null;
  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true }) deliveredAt!: Date | null;
}

/** A shopping cart; lines hold skus and quantities only (prices always come from the catalog). */
@Entity({ name: 'carts' })
export class Cart {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'customer_id' }) customerId!: string;
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
