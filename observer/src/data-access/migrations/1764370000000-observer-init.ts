import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Incidents, alert log, silences, maintenance windows, state transitions and events. */
export class ObserverInit1764370000000 implements MigrationInterface {
  name = 'ObserverInit1764370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('down', 'degraded')),
        cause text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        affected jsonb NOT NULL DEFAULT '[]',
        notifications_sent integer NOT NULL DEFAULT 0,
        last_notified_at timestamptz
      );
      CREATE INDEX incidents_started_at ON incidents (started_at DESC);
      CREATE INDEX incidents_open ON incidents (started_at) WHERE ended_at IS NULL;

      CREATE TABLE alert_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        channel text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'failed', 'muted', 'suppressed')),
        title text NOT NULL,
        targets jsonb NOT NULL DEFAULT '[]',
        incident_ids jsonb NOT NULL DEFAULT '[]',
        attempts integer NOT NULL DEFAULT 0,
        error text
      );
      CREATE INDEX alert_log_at ON alert_log (at DESC);

      CREATE TABLE silences (
        id uuid PRIMARY KEY,
        target text,
        labels jsonb NOT NULL DEFAULT '{}',
        starts_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        comment text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (expires_at > starts_at)
      );
      CREATE INDEX silences_expires_at ON silences (expires_at);

      CREATE TABLE maintenance_windows (
        id uuid PRIMARY KEY,
        target text,
        labels jsonb NOT NULL DEFAULT '{}',
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        recurrence jsonb,
        comment text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (recurrence IS NOT NULL OR ends_at IS NOT NULL)
      );

      CREATE TABLE state_transitions (
        id bigserial PRIMARY KEY,
        target text NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        at timestamptz NOT NULL,
        root_cause text
      );
      CREATE INDEX state_transitions_target_at ON state_transitions (target, at);

      CREATE TABLE events (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        source text NOT NULL,
        kind text NOT NULL,
        target text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        message text NOT NULL,
        data jsonb
      );
      CREATE INDEX events_at ON events (at DESC);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE events, state_transitions, maintenance_windows, silences, alert_log, incidents');
  }
}
