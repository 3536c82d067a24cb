import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from './column-transformers';

/** A kind of leave (annual, sick, unpaid, …) and its rules. */
@Entity({ name: 'leave_types' })
export class LeaveType {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'boolean', name: 'allow_negative' }) allowNegative!: boolean;
  @Column({ type: 'boolean', name: 'requires_second_approval' }) requiresSecondApproval!: boolean;
  @Column({ type: 'boolean' }) active!: boolean;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** Days of one leave type granted to one employee for one calendar year. */
@Entity({ name: 'leave_allocations' })
export class LeaveAllocation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'employee_id' }) employeeId!: string;
  @Column({ type: 'uuid', name: 'leave_type_id' }) leaveTypeId!: string;
  @Column({ type: 'integer' }) year!: number;
  @Column({ type: 'numeric', precision: 6, scale: 1, transformer: numericTransformer }) days!: number;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** A public holiday: not a working day. */
@Entity({ name: 'holidays' })
export class Holiday {
  @PrimaryColumn({ type: 'date' }) day!: string;
  @Column({ type: 'text' }) name!: string;
}

export type LeaveStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'cancelled';

/** A request for leave. Dates are inclusive; half days drop the first afternoon-less morning / last afternoon. */
@Entity({ name: 'leave_requests' })
export class LeaveRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'employee_id' }) employeeId!: string;
  @Column({ type: 'uuid', name: 'leave_type_id' }) leaveTypeId!: string;
  @Column({ type: 'date', name: 'start_date' }) startDate!: string;
  @Column({ type: 'date', name: 'end_date' }) endDate!: string;
  @Column({ type: 'boolean', name: 'half_day_start' }) halfDayStart!: boolean;
  @Column({ type: 'boolean', name: 'half_day_end' }) halfDayEnd!: boolean;
  @Column({ type: 'integer', name: 'start_slot' }) startSlot!: number;
  @Column({ type: 'integer', name: 'end_slot' }) endSlot!: number;
  @Column({ type: 'numeric', precision: 6, scale: 1, transformer: numericTransformer }) days!: number;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'text' }) status!: LeaveStatus;
  @Column({ type: 'uuid', name: 'first_approver_id', nullable: true }) firstApproverId!: string | null;
  @Column({ type: 'uuid', name: 'decided_by_id', nullable: true }) decidedById!: string | null;
  @Column({ type: 'text', name: 'decision_note', nullable: true }) decisionNote!: string | null;
  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: true }) submittedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
