import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Reservation states: active holds stock; released/expired gave it back; committed shipped it. */
export type ReservationStatus = 'active' | 'released' | 'committed' | 'expired';

/** Stock held for one order (at most one reservation per order id). */
@Entity({ name: 'reservations' })
export class Reservation {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'order_id' }) orderId!: string;
  @Column({ type: 'text' }) status!: ReservationStatus;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
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
