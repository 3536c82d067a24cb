import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per data seed that has run, so a seed runs on the first start only. */
@Entity({ name: 'seed_history' })
export class SeedHistoryEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'applied_at', type: 'timestamptz' })
  appliedAt!: Date;
}
