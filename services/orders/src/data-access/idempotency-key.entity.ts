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
