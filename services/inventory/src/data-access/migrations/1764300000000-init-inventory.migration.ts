import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Locations, stock levels (with the CHECK constraints that make overselling impossible), reservations and the append-only ledger. */
export class InitInventory1764300000000 implements MigrationInterface {
  name = 'InitInventory1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE locations (
        code text PRIMARY KEY CONSTRAINT locations_code_format CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
        name text NOT NULL CONSTRAINT locations_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO locations (code, name) VALUES ('main', 'Main warehouse');

      CREATE TABLE stock_levels (
        sku text NOT NULL,
        location_code text NOT NULL REFERENCES locations (code),
        on_hand integer NOT NULL DEFAULT 0 CONSTRAINT stock_on_hand_not_negative CHECK (on_hand >= 0),
        reserved integer NOT NULL DEFAULT 0 CONSTRAINT stock_reserved_within_on_hand CHECK (reserved >= 0 AND reserved <= on_hand),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location_code)
      );

      CREATE TABLE sku_settings (
        sku text PRIMARY KEY,
        low_stock_threshold integer NOT NULL CONSTRAINT sku_settings_threshold_not_negative CHECK (low_stock_threshold >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE reservations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id text NOT NULL CONSTRAINT reservations_order_id_unique UNIQUE,
        status text NOT NULL CONSTRAINT reservations_status CHECK (status IN ('active', 'released', 'committed', 'expired')),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reservations_active_by_expiry ON reservations (expires_at) WHERE status = 'active';

      CREATE TABLE reservation_lines (
        reservation_id uuid NOT NULL REFERENCES reservations (id),
        sku text NOT NULL,
        location_code text NOT NULL REFERENCES locations (code),
        quantity integer NOT NULL CONSTRAINT reservation_lines_quantity_positive CHECK (quantity > 0),
        PRIMARY KEY (reservation_id, sku, location_code)
      );

      CREATE TABLE movements (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sku text NOT NULL,
        location_code text NOT NULL REFERENCES locations (code),
        kind text NOT NULL CONSTRAINT movements_kind CHECK (kind IN ('receipt', 'adjustment', 'reservation', 'release', 'expiry', 'shipment', 'transfer_out', 'transfer_in')),
        on_hand_delta integer NOT NULL,
        reserved_delta integer NOT NULL,
        reason text NOT NULL,
        reference text,
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT movements_change_something CHECK (on_hand_delta <> 0 OR reserved_delta <> 0)
      );
      CREATE INDEX movements_by_sku ON movements (sku, id);

      CREATE FUNCTION movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'movements are append-only (% refused)', TG_OP;
      END $$;
      CREATE TRIGGER movements_append_only BEFORE UPDATE OR DELETE ON movements
        FOR EACH ROW EXECUTE FUNCTION movements_append_only();
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE movements; DROP FUNCTION movements_append_only();
      DROP TABLE reservation_lines; DROP TABLE reservations; DROP TABLE sku_settings;
      DROP TABLE stock_levels; DROP TABLE locations;
    `);
  }
}
