import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One user's theme preference. */
@Entity({ name: 'theme_preferences' })
export class ThemePreference {
  @PrimaryColumn({ type: 'text', name: 'user_id' }) userId!: string;
  @Column({ type: 'text' }) variant!: string;
  @Column({ type: 'uuid', name: 'custom_theme_id', nullable: true }) customThemeId!: string | null;
  @Column({ type: 'text' }) mode!: string;
  @Column({ type: 'text', name: 'light_from' }) lightFrom!: string;
  @Column({ type: 'text', name: 'dark_from' }) darkFrom!: string;
  @Column({ type: 'text', nullable: true }) timezone!: string | null;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
