import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Custom themes and per-user preferences, with the same limits as the API enforced by the database. */
export class InitTheme1764370000000 implements MigrationInterface {
  name = 'InitTheme1764370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE custom_themes (
        id uuid PRIMARY KEY,
        owner_id text NOT NULL CONSTRAINT custom_themes_owner_length CHECK (char_length(owner_id) BETWEEN 1 AND 128),
        shared boolean NOT NULL DEFAULT false,
        name text NOT NULL CONSTRAINT custom_themes_name_length CHECK (char_length(name) BETWEEN 1 AND 80),
        description text NOT NULL DEFAULT '' CONSTRAINT custom_themes_description_length CHECK (char_length(description) <= 500),
        variant text NOT NULL CONSTRAINT custom_themes_variant CHECK (variant IN ('odoo', 'standard', 'modern', 'classic')),
        overrides jsonb NOT NULL CONSTRAINT custom_themes_overrides_object CHECK (jsonb_typeof(overrides) = 'object'),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT custom_themes_owner_name UNIQUE (owner_id, name)
      );
      CREATE INDEX custom_themes_shared ON custom_themes (shared) WHERE shared;

      CREATE TABLE theme_preferences (
        user_id text PRIMARY KEY CONSTRAINT theme_preferences_user_length CHECK (char_length(user_id) BETWEEN 1 AND 128),
        variant text NOT NULL CONSTRAINT theme_preferences_variant CHECK (variant IN ('odoo', 'standard', 'modern', 'classic')),
        custom_theme_id uuid REFERENCES custom_themes (id) ON DELETE SET NULL,
        mode text NOT NULL CONSTRAINT theme_preferences_mode CHECK (mode IN ('light', 'dark', 'high-contrast', 'system', 'time-of-day')),
        light_from text NOT NULL CONSTRAINT theme_preferences_light_from CHECK (light_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        dark_from text NOT NULL CONSTRAINT theme_preferences_dark_from CHECK (dark_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        timezone text CONSTRAINT theme_preferences_timezone_length CHECK (char_length(timezone) <= 64),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT theme_preferences_distinct_hours CHECK (light_from <> dark_from)
      );
      CREATE INDEX theme_preferences_custom_theme ON theme_preferences (custom_theme_id) WHERE custom_theme_id IS NOT NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE theme_preferences; DROP TABLE custom_themes;');
  }
}
