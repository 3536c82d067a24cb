import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Overrides of one custom theme: `all` applies to every mode, then the mode's own. */
export interface StoredOverrides {
  all?: Record<string, unknown>;
  light?: Record<string, unknown>;
  dark?: Record<string, unknown>;
  'high-contrast'?: Record<string, unknown>;
}

/** A theme derived from a built-in variant by overriding tokens; private to its owner or shared by an admin. */
@Entity({ name: 'custom_themes' })
export class CustomTheme {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'owner_id' }) ownerId!: string;
  @Column({ type: 'boolean' }) shared!: boolean;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text' }) variant!: string;
  @Column({ type: 'jsonb' }) overrides!: StoredOverrides;
  @VersionColumn({ type: 'integer' }) version!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
