import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from './column-transformers';

/** A performance review period. */
@Entity({ name: 'review_cycles' })
export class ReviewCycle {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'date', name: 'starts_on' }) startsOn!: string;
  @Column({ type: 'date', name: 'ends_on' }) endsOn!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** One weighted goal of a review, with the two assessments (0–5). */
export interface ReviewGoal {
  id: string;
  title: string;
  weight: number;
  selfScore: number | null;
  managerScore: number | null;
}

export type ReviewStatus = 'open' | 'self-assessed' | 'manager-assessed' | 'closed';

/** One employee's review in one cycle; goals are part of the review (jsonb). */
@Entity({ name: 'reviews' })
export class Review {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'cycle_id' }) cycleId!: string;
  @Column({ type: 'uuid', name: 'employee_id' }) employeeId!: string;
  @Column({ type: 'uuid', name: 'reviewer_id' }) reviewerId!: string;
  @Column({ type: 'text' }) status!: ReviewStatus;
  @Column({ type: 'jsonb' }) goals!: ReviewGoal[];
  @Column({ type: 'text', name: 'self_comment', nullable: true }) selfComment!: string | null;
  @Column({ type: 'text', name: 'manager_comment', nullable: true }) managerComment!: string | null;
  @Column({ type: 'numeric', name: 'final_score', precision: 4, scale: 2, nullable: true, transformer: numericTransformer }) finalScore!:
    number | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
