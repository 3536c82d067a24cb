import type { EntityManager } from 'typeorm';
import type { MovementKind } from './movement.entity';

/** One ledger entry as the API shows it. */
export interface MovementView {
  id: string;
  sku: string;
  location: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  reason: string;
  reference: string | null;
  actor: string;
  createdAt: string;
}

/** Ledger entries of a sku, oldest first, after movement id `after`. */
export async function listMovements(
  manager: EntityManager,
  sku: string,
  after: string | undefined,
  limit: number,
): Promise<MovementView[]> {
  const rows: Array<{
    id: string;
    sku: string;
    location_code: string;
    kind: MovementKind;
    on_hand_delta: number;
    reserved_delta: number;
    reason: string;
    reference: string | null;
    actor: string;
    created_at: Date;
  }> = await manager.query(
    `SELECT id::text, sku, location_code, kind, on_hand_delta, reserved_delta, reason, reference, actor, created_at
         FROM movements WHERE sku = $1 AND ($2::bigint IS NULL OR movements.id > $2::bigint) ORDER BY movements.id LIMIT $3`,
    [sku, after ?? null, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    sku: r.sku,
    location: r.location_code,
    kind: r.kind,
    onHandDelta: r.on_hand_delta,
    reservedDelta: r.reserved_delta,
    reason: r.reason,
    reference: r.reference,
    actor: r.actor,
    createdAt: r.created_at.toISOString(),
  }));
}

/** A (sku, location) whose stored level disagrees with its ledger or with what its reservations hold. */
export interface LedgerMismatch {
  sku: string;
  location: string;
  onHand: number;
  reserved: number;
  ledgerOnHand: number;
  ledgerReserved: number;
  activelyReserved: number;
}

/** Compares every stock row with the sum of its ledger entries and with what pending and confirmed reservations hold. */
export async function findLedgerMismatches(manager: EntityManager): Promise<LedgerMismatch[]> {
  const rows: Array<{
    sku: string;
    location_code: string;
    on_hand: number;
    reserved: number;
    ledger_on_hand: number;
    ledger_reserved: number;
    actively_reserved: number;
  }> = await manager.query(`
      WITH ledger AS (
        SELECT sku, location_code, sum(on_hand_delta)::int AS on_hand, sum(reserved_delta)::int AS reserved FROM movements GROUP BY 1, 2
      ), held AS (
        SELECT l.sku, l.location_code, sum(l.quantity)::int AS reserved
          FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id WHERE r.status IN ('pending', 'confirmed') GROUP BY 1, 2
      ), levels AS (
        SELECT coalesce(s.sku, g.sku) AS sku, coalesce(s.location_code, g.location_code) AS location_code,
               coalesce(s.on_hand, 0) AS on_hand, coalesce(s.reserved, 0) AS reserved,
               coalesce(g.on_hand, 0) AS ledger_on_hand, coalesce(g.reserved, 0) AS ledger_reserved
          FROM stock_levels s FULL JOIN ledger g ON g.sku = s.sku AND g.location_code = s.location_code
      )
      SELECT coalesce(v.sku, h.sku) AS sku, coalesce(v.location_code, h.location_code) AS location_code,
             v.on_hand, v.reserved, v.ledger_on_hand, v.ledger_reserved, coalesce(h.reserved, 0) AS actively_reserved
        FROM levels v FULL JOIN held h ON h.sku = v.sku AND h.location_code = v.location_code
       WHERE coalesce(v.on_hand, 0) <> coalesce(v.ledger_on_hand, 0)
          OR coalesce(v.reserved, 0) <> coalesce(v.ledger_reserved, 0)
          OR coalesce(v.reserved, 0) <> coalesce(h.reserved, 0)
       ORDER BY 1, 2`);
  return rows.map((r) => ({
    sku: r.sku,
    location: r.location_code,
    onHand: r.on_hand ?? 0,
    reserved: r.reserved ?? 0,
    ledgerOnHand: r.ledger_on_hand ?? 0,
    ledgerReserved: r.ledger_reserved ?? 0,
    activelyReserved: r.actively_reserved,
  }));
}

/** True while the ledger has no entry at all (a fresh database). */
export async function ledgerIsEmpty(manager: EntityManager): Promise<boolean> {
  const [row] = (await manager.query(`SELECT NOT EXISTS (SELECT 1 FROM movements) AS empty`)) as [{ empty: boolean }];
  return row.empty;
}
