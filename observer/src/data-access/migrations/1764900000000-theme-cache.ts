import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The last good copy of each theme stylesheet the observer mirrors (it must render while theme is down). */
export class ThemeCache1764900000000 implements MigrationInterface {
  name = 'ThemeCache1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE theme_cache (
        name text PRIMARY KEY,
        css text NOT NULL,
        upstream_etag text,
        fetched_at timestamptz NOT NULL
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE theme_cache');
  }
}
