import { Column, Entity, PrimaryColumn } from 'typeorm';

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
