import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Per-sku settings: the low-stock threshold. */
@Entity({ name: 'sku_settings' })
export class SkuSetting {
  @PrimaryColumn({ type: 'text' }) sku!: string;
  @Column({ type: 'integer', name: 'low_stock_threshold' }) lowStockThreshold!: number;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
