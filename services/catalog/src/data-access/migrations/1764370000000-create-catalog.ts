import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Categories (materialised-path tree), products (trigram search, keyset indexes) and the seed history. */
export class CreateCatalog1764370000000 implements MigrationInterface {
  name = 'CreateCatalog1764370000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await runner.query(`
      CREATE TABLE categories (
        id uuid PRIMARY KEY,
        parent_id uuid NULL REFERENCES categories (id) ON DELETE RESTRICT,
        slug text NOT NULL CONSTRAINT categories_slug_key UNIQUE,
        name text NOT NULL,
        path text NOT NULL,
        depth integer NOT NULL CHECK (depth >= 0),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT categories_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await runner.query(`CREATE INDEX categories_parent_id_idx ON categories (parent_id)`);
    await runner.query(`CREATE INDEX categories_path_idx ON categories (path text_pattern_ops)`);
    await runner.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY,
        sku text NOT NULL CONSTRAINT products_sku_key UNIQUE CHECK (sku ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        price_cents integer NOT NULL CHECK (price_cents >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        category_id uuid NULL REFERENCES categories (id) ON DELETE RESTRICT,
        active boolean NOT NULL DEFAULT true,
        attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
        search_text text GENERATED ALWAYS AS (lower(sku || ' ' || name || ' ' || description)) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX products_search_trgm_idx ON products USING gin (search_text gin_trgm_ops)`);
    await runner.query(`CREATE INDEX products_category_id_idx ON products (category_id)`);
    await runner.query(`CREATE INDEX products_created_at_id_idx ON products (created_at, id)`);
    await runner.query(`CREATE INDEX products_name_id_idx ON products (name, id)`);
    await runner.query(`CREATE INDEX products_price_cents_id_idx ON products (price_cents, id)`);
    await runner.query(`
      CREATE TABLE seed_history (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE seed_history`);
    await runner.query(`DROP TABLE products`);
    await runner.query(`DROP TABLE categories`);
  }
}
