import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Current stock of one sku at one location; the database guarantees 0 ≤ reserved ≤ on_hand. */
@Entity({ name: 'stock_levels' })
export class StockLevel {
  @PrimaryColumn({ type: 'text' }) sku!: string;
  @PrimaryColumn({ type: 'text', name: 'location_code' }) locationCode!: string;
  @Column({ type: 'integer', name: 'on_hand' }) onHand!: number;
  @Column({ type: 'integer' }) reserved!: number;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
