import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Kinds of movement recorded in the ledger. */
export const MOVEMENT_KINDS = [
  'receipt',
  'adjustment',
  'reservation',
  'release',
  'expiry',
  'shipment',
  'transfer_out',
  'transfer_in',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** One append-only ledger entry; the sums of its deltas per (sku, location) equal the current stock level. */
@Entity({ name: 'movements' })
export class Movement {
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) sku!: string;
  @Column({ type: 'text', name: 'location_code' }) locationCode!: string;
  @Column({ type: 'text' }) kind!: MovementKind;
  @Column({ type: 'integer', name: 'on_hand_delta' }) onHandDelta!: number;
  @Column({ type: 'integer', name: 'reserved_delta' }) reservedDelta!: number;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'text', nullable: true }) reference!: string | null;
  @Column({ type: 'text' }) actor!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
