import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who placed an order or opened a cart (the token subject), for object-level checks; null for rows from before sign-in existed. */
export class PlacedBy1764400000000 implements MigrationInterface {
  name = 'PlacedBy1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE orders ADD COLUMN placed_by text;
      ALTER TABLE carts ADD COLUMN placed_by text;
      CREATE INDEX orders_by_placer ON orders (placed_by, seq DESC);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP INDEX orders_by_placer; ALTER TABLE carts DROP COLUMN placed_by; ALTER TABLE orders DROP COLUMN placed_by;`,
    );
  }
}
