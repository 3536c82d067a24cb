import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders with lines and transitions, idempotency keys, compensations, the outbox with webhook subscriptions, and carts. */
export class InitOrders1764300000000 implements MigrationInterface {
  name = 'InitOrders1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        customer_id text NOT NULL,
        status text NOT NULL CONSTRAINT orders_status CHECK (status IN ('pending', 'confirmed', 'fulfilled', 'cancelled', 'failed')),
        total_cents bigint NOT NULL CONSTRAINT orders_total_not_negative CHECK (total_cents >= 0),
        currency text NOT NULL CONSTRAINT orders_currency CHECK (currency ~ '^[A-Z]{3}$'),
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX orders_by_customer ON orders (customer_id, seq DESC);
      CREATE INDEX orders_by_status ON orders (status, seq DESC);
      CREATE INDEX orders_pending_by_age ON orders (created_at) WHERE status = 'pending';

      CREATE TABLE order_lines (
        order_id uuid NOT NULL REFERENCES orders (id),
        line_no integer NOT NULL,
        sku text NOT NULL,
        name text NOT NULL,
        quantity integer NOT NULL CONSTRAINT order_lines_quantity_positive CHECK (quantity > 0),
        unit_price_cents integer NOT NULL CONSTRAINT order_lines_price_not_negative CHECK (unit_price_cents >= 0),
        line_total_cents bigint NOT NULL,
        CONSTRAINT order_lines_total CHECK (line_total_cents = quantity::bigint * unit_price_cents),
        PRIMARY KEY (order_id, line_no)
      );

      CREATE TABLE order_transitions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id),
        from_status text,
        to_status text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX order_transitions_by_order ON order_transitions (order_id, id);

      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        order_id uuid,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (scope, key),
        CONSTRAINT idempotency_keys_completed CHECK ((completed_at IS NULL) = (response_status IS NULL))
      );
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

      CREATE TABLE compensations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id),
        action text NOT NULL CONSTRAINT compensations_action CHECK (action IN ('release')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        done_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT compensations_once UNIQUE (order_id, action)
      );
      CREATE INDEX compensations_due ON compensations (next_attempt_at) WHERE done_at IS NULL;

      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_type text NOT NULL,
        order_id uuid NOT NULL REFERENCES orders (id),
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        fanned_out_at timestamptz
      );
      CREATE INDEX outbox_pending ON outbox (id) WHERE fanned_out_at IS NULL;

      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id bigint NOT NULL REFERENCES outbox (id),
        subscription_id uuid NOT NULL REFERENCES subscriptions (id),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_status integer,
        last_error text,
        delivered_at timestamptz,
        CONSTRAINT deliveries_once UNIQUE (event_id, subscription_id)
      );
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE delivered_at IS NULL;

      CREATE TABLE carts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id text NOT NULL,
        status text NOT NULL DEFAULT 'open' CONSTRAINT carts_status CHECK (status IN ('open', 'checked_out')),
        order_id uuid REFERENCES orders (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE cart_lines (
        cart_id uuid NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
        sku text NOT NULL,
        quantity integer NOT NULL CONSTRAINT cart_lines_quantity CHECK (quantity BETWEEN 1 AND 1000000),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cart_id, sku)
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE cart_lines; DROP TABLE carts; DROP TABLE deliveries; DROP TABLE subscriptions; DROP TABLE outbox;
      DROP TABLE compensations; DROP TABLE idempotency_keys; DROP TABLE order_transitions; DROP TABLE order_lines; DROP TABLE orders;
    `);
  }
}
