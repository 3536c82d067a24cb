import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole hr schema: organisation, identity, leave and reviews. */
export class HrInit1732800000000 implements MigrationInterface {
  name = 'HrInit1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE departments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        parent_id uuid REFERENCES departments(id) ON DELETE RESTRICT,
        manager_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX departments_name_uq ON departments (lower(name));

      CREATE TABLE employees (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        first_name text NOT NULL,
        last_name text NOT NULL,
        email text NOT NULL,
        department_id uuid REFERENCES departments(id) ON DELETE RESTRICT,
        manager_id uuid REFERENCES employees(id) ON DELETE RESTRICT,
        job_title text NOT NULL,
        hire_date date NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
        left_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (manager_id IS NULL OR manager_id <> id)
      );
      CREATE UNIQUE INDEX employees_email_uq ON employees (lower(email));
      CREATE INDEX employees_manager_idx ON employees (manager_id);
      ALTER TABLE departments ADD CONSTRAINT departments_manager_fk FOREIGN KEY (manager_id) REFERENCES employees(id) ON DELETE RESTRICT;

      CREATE TABLE accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employee_id uuid NOT NULL UNIQUE REFERENCES employees(id) ON DELETE CASCADE,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE service_accounts (
        client_id text PRIMARY KEY,
        secret_hash text NOT NULL,
        roles text[] NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        family_id uuid NOT NULL,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_account_idx ON refresh_tokens (account_id);

      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        alg text NOT NULL,
        public_jwk jsonb NOT NULL,
        private_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        publish_until timestamptz
      );
      CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true)) WHERE retired_at IS NULL;

      CREATE TABLE leave_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        allow_negative boolean NOT NULL DEFAULT false,
        requires_second_approval boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE leave_allocations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employee_id uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
        leave_type_id uuid NOT NULL REFERENCES leave_types(id) ON DELETE RESTRICT,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        days numeric(6,1) NOT NULL CHECK (days >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (employee_id, leave_type_id, year)
      );

      CREATE TABLE holidays (
        day date PRIMARY KEY,
        name text NOT NULL
      );

      CREATE TABLE leave_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employee_id uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
        leave_type_id uuid NOT NULL REFERENCES leave_types(id) ON DELETE RESTRICT,
        start_date date NOT NULL,
        end_date date NOT NULL,
        half_day_start boolean NOT NULL DEFAULT false,
        half_day_end boolean NOT NULL DEFAULT false,
        start_slot integer NOT NULL,
        end_slot integer NOT NULL,
        days numeric(6,1) NOT NULL CHECK (days > 0),
        reason text NOT NULL DEFAULT '',
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'cancelled')),
        first_approver_id uuid REFERENCES employees(id),
        decided_by_id uuid REFERENCES employees(id),
        decision_note text,
        submitted_at timestamptz,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date >= start_date),
        CHECK (end_slot >= start_slot)
      );
      CREATE INDEX leave_requests_employee_idx ON leave_requests (employee_id, status, start_slot);

      CREATE TABLE review_cycles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on)
      );

      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES review_cycles(id) ON DELETE RESTRICT,
        employee_id uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
        reviewer_id uuid NOT NULL REFERENCES employees(id),
        status text NOT NULL CHECK (status IN ('open', 'self-assessed', 'manager-assessed', 'closed')),
        goals jsonb NOT NULL,
        self_comment text,
        manager_comment text,
        final_score numeric(4,2),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cycle_id, employee_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE reviews; DROP TABLE review_cycles; DROP TABLE leave_requests; DROP TABLE holidays;
      DROP TABLE leave_allocations; DROP TABLE leave_types; DROP TABLE signing_keys; DROP TABLE refresh_tokens;
      DROP TABLE service_accounts; DROP TABLE accounts;
      ALTER TABLE departments DROP CONSTRAINT departments_manager_fk; DROP TABLE employees; DROP TABLE departments;
    `);
  }
}
