import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AffectedTarget } from '../model/incident';
import type { Recurrence } from '../model/mute-rules';

/** An outage or degradation, by root cause. */
@Entity({ name: 'incidents' })
export class IncidentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) kind!: 'down' | 'degraded';
  @Column({ type: 'text' }) cause!: string;
  @Column({ type: 'timestamptz', name: 'started_at' }) startedAt!: Date;
  @Column({ type: 'timestamptz', name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Column({ type: 'jsonb' }) affected!: AffectedTarget[];
  @Column({ type: 'integer', name: 'notifications_sent' }) notificationsSent!: number;
  @Column({ type: 'timestamptz', name: 'last_notified_at', nullable: true }) lastNotifiedAt!: Date | null;
}

/** Every notification decision: sent, failed (after retries), muted or suppressed by a root cause. */
@Entity({ name: 'alert_log' })
export class AlertLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) channel!: string;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'jsonb' }) targets!: string[];
  @Column({ type: 'jsonb', name: 'incident_ids' }) incidentIds!: string[];
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ type: 'text', nullable: true }) error!: string | null;
}

/** Mutes alerts for a target or a label set until it expires. */
@Entity({ name: 'silences' })
export class SilenceEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', nullable: true }) target!: string | null;
  @Column({ type: 'jsonb' }) labels!: Record<string, string>;
  @Column({ type: 'timestamptz', name: 'starts_at' }) startsAt!: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
  @Column({ type: 'text' }) comment!: string;
  @Column({ type: 'text', name: 'created_by' }) createdBy!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** A planned window (one-off or weekly) during which targets are in MAINTENANCE: muted and excluded from uptime. */
@Entity({ name: 'maintenance_windows' })
export class MaintenanceEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', nullable: true }) target!: string | null;
  @Column({ type: 'jsonb' }) labels!: Record<string, string>;
  @Column({ type: 'timestamptz', name: 'starts_at' }) startsAt!: Date;
  @Column({ type: 'timestamptz', name: 'ends_at', nullable: true }) endsAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) recurrence!: Recurrence | null;
  @Column({ type: 'text' }) comment!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** Every state change of every target (uptime is computed from these). */
@Entity({ name: 'state_transitions' })
@Index('state_transitions_target_at', ['target', 'at'])
export class StateTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) target!: string;
  @Column({ type: 'text', name: 'from_state' }) fromState!: string;
  @Column({ type: 'text', name: 'to_state' }) toState!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text', name: 'root_cause', nullable: true }) rootCause!: string | null;
}

/** Something another system reported (POST /api/v1/events), e.g. the watchdog restarting a service. */
@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt!: Date;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) target!: string;
  @Column({ type: 'text' }) severity!: string;
  @Column({ type: 'text' }) message!: string;
  @Column({ type: 'jsonb', nullable: true }) data!: Record<string, unknown> | null;
}

export const observerEntities = [IncidentEntity, AlertLogEntity, SilenceEntity, MaintenanceEntity, StateTransitionEntity, EventEntity];
