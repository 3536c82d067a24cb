import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reservations become pending (expire at `expires_at` unless confirmed) or confirmed (held until released or committed,
 * never expiring). Every reservation that was active is confirmed: under the old rules the only caller, orders,
 * confirmed each order as soon as its reservation existed, and releases durably the ones it did not confirm.
 */
export class ConfirmedReservations1764600000000 implements MigrationInterface {
  name = 'ConfirmedReservations1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE reservations DROP CONSTRAINT reservations_status;
      DROP INDEX reservations_active_by_expiry;
      ALTER TABLE reservations ALTER COLUMN expires_at DROP NOT NULL;
      UPDATE reservations SET status = 'confirmed', expires_at = NULL, updated_at = now() WHERE status = 'active';
      ALTER TABLE reservations
        ADD CONSTRAINT reservations_status CHECK (status IN ('pending', 'confirmed', 'released', 'committed', 'expired')),
        ADD CONSTRAINT reservations_pending_expires CHECK (status <> 'pending' OR expires_at IS NOT NULL),
        ADD CONSTRAINT reservations_confirmed_never_expires CHECK (status <> 'confirmed' OR expires_at IS NULL);
      CREATE INDEX reservations_pending_by_expiry ON reservations (expires_at) WHERE status = 'pending';
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX reservations_pending_by_expiry;
      ALTER TABLE reservations DROP CONSTRAINT reservations_confirmed_never_expires, DROP CONSTRAINT reservations_pending_expires, DROP CONSTRAINT reservations_status;
      UPDATE reservations SET status = 'active' WHERE status IN ('pending', 'confirmed');
      -- the old rules expire every active reservation: give the confirmed ones a full default TTL from now
      UPDATE reservations SET expires_at = now() + interval '900 seconds' WHERE expires_at IS NULL;
      ALTER TABLE reservations ALTER COLUMN expires_at SET NOT NULL,
        ADD CONSTRAINT reservations_status CHECK (status IN ('active', 'released', 'committed', 'expired'));
      CREATE INDEX reservations_active_by_expiry ON reservations (expires_at) WHERE status = 'active';
    `);
  }
}
