import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the lookups by order id that a failed placement makes: reopening the cart it checked out, and
 * completing its Idempotency-Key when the recovery job fails a stale order. Without them both scan the whole table.
 */
export class LookupsByOrder1764500000000 implements MigrationInterface {
  name = 'LookupsByOrder1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX carts_by_order ON carts (order_id) WHERE order_id IS NOT NULL;
      CREATE INDEX idempotency_keys_by_order ON idempotency_keys (order_id) WHERE order_id IS NOT NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idempotency_keys_by_order; DROP INDEX carts_by_order;`);
  }
}
