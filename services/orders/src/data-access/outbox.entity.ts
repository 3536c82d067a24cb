import { Column, Entity, PrimaryColumn } from 'typeorm';

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
