import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Reservation states: pending and confirmed hold stock (pending until its `expires_at`, confirmed until released or
 * committed); released/expired gave it back; committed shipped it.
 */
export type ReservationStatus = 'pending' | 'confirmed' | 'released' | 'committed' | 'expired';

/** The states that hold stock. */
export const HOLDING_STATUSES: readonly ReservationStatus[] = ['pending', 'confirmed'];

/** Stock held for one order (at most one reservation per order id). */
@Entity({ name: 'reservations' })
export class Reservation {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'order_id' }) orderId!: string;
  @Column({ type: 'text' }) status!: ReservationStatus;
  /** Set while pending: the expiry job releases it then. Null once confirmed. */
  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** How much of one sku a reservation holds at one location. */
@Entity({ name: 'reservation_lines' })
export class ReservationLine {
  @PrimaryColumn({ type: 'uuid', name: 'reservation_id' }) reservationId!: string;
  @PrimaryColumn({ type: 'text' }) sku!: string;
  @PrimaryColumn({ type: 'text', name: 'location_code' }) locationCode!: string;
  @Column({ type: 'integer' }) quantity!: number;
}
