import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A department: a node in the organisation tree, optionally led by a manager. */
@Entity({ name: 'departments' })
export class Department {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'uuid', name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column({ type: 'uuid', name: 'manager_id', nullable: true }) managerId!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

export type EmployeeStatus = 'active' | 'left';

/** A person employed by the company; `managerId` is their line manager. */
@Entity({ name: 'employees' })
export class Employee {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', name: 'first_name' }) firstName!: string;
  @Column({ type: 'text', name: 'last_name' }) lastName!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ type: 'uuid', name: 'department_id', nullable: true }) departmentId!: string | null;
  @Column({ type: 'uuid', name: 'manager_id', nullable: true }) managerId!: string | null;
  @Column({ type: 'text', name: 'job_title' }) jobTitle!: string;
  @Column({ type: 'date', name: 'hire_date' }) hireDate!: string;
  @Column({ type: 'text' }) status!: EmployeeStatus;
  @Column({ type: 'date', name: 'left_on', nullable: true }) leftOn!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
