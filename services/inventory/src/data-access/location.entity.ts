import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A warehouse or bin that holds stock. */
@Entity({ name: 'locations' })
export class Location {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
