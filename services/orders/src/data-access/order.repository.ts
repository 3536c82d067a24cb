import type { EntityManager } from 'typeorm';
import { preparedStatement, runPrepared } from '@erp/service-kit';
import type { StoredAnswer } from './idempotency.repository';
import type { OrderStatus } from './order.entity';

/** A priced line as stored. */
export interface PricedLine {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

/** An order with its lines, as read from the database. */
export interface OrderRecord {
  id: string;
  seq: string;
  customerId: string;
  /** Subject of the token that placed it (null for orders from before sign-in). */
  placedBy: string | null;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  lines: PricedLine[];
}

/** A recorded transition. */
export interface TransitionRecord {
  from: OrderStatus | null;
  to: OrderStatus;
  reason: string | null;
  at: Date;
}

interface RawOrder {
  id: string;
  seq: string;
  customer_id: string;
  placed_by: string | null;
  status: OrderStatus;
  total_cents: string;
  currency: string;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
  lines: Array<{ sku: string; name: string; quantity: number; unitPriceCents: number }> | null;
}

const ORDER_COLUMNS = `o.id, o.seq::text, o.customer_id, o.placed_by, o.status, o.total_cents::text, o.currency, o.failure_reason, o.created_at, o.updated_at,
  (SELECT jsonb_agg(jsonb_build_object('sku', l.sku, 'name', l.name, 'quantity', l.quantity, 'unitPriceCents', l.unit_price_cents) ORDER BY l.line_no)
     FROM order_lines l WHERE l.order_id = o.id) AS lines`;

function toRecord(r: RawOrder): OrderRecord {
  return {
    id: r.id,
    seq: r.seq,
    customerId: r.customer_id,
    placedBy: r.placed_by,
    status: r.status,
    totalCents: Number(r.total_cents),
    currency: r.currency,
    failureReason: r.failure_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lines: r.lines ?? [],
  };
}

/** Outcome of {@link OrderRepository.claimKeyAndInsert}. */
export type ClaimOutcome = { kind: 'created'; createdAt: Date; seq: string } | { kind: 'duplicate' } | { kind: 'cart-not-open' };

const CLAIM_KEY_AND_INSERT_ORDER = preparedStatement(
  'orders.claim-key-and-insert-order',
  `WITH k AS (
       INSERT INTO idempotency_keys (scope, key, request_hash, order_id) VALUES ($9, $10, $11, $1)
       ON CONFLICT (scope, key) DO NOTHING RETURNING 1
     ), c AS (
       UPDATE carts SET status = 'checked_out', order_id = $1, updated_at = now()
        WHERE id = $12::uuid AND status = 'open' AND EXISTS (SELECT 1 FROM k) RETURNING 1
     ), o AS (
       INSERT INTO orders (id, customer_id, placed_by, status, total_cents, currency)
       SELECT $1, $2, $13, 'pending', $3, $4 WHERE EXISTS (SELECT 1 FROM k) AND ($12::uuid IS NULL OR EXISTS (SELECT 1 FROM c))
       RETURNING id, seq, created_at
     ), l AS (
       INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_cents, line_total_cents)
       SELECT o.id, x.n, x.sku, x.name, x.quantity, x.price, x.quantity::bigint * x.price
         FROM o, unnest($5::text[], $6::text[], $7::int[], $8::int[]) WITH ORDINALITY AS x(sku, name, quantity, price, n)
     ), t AS (
       INSERT INTO order_transitions (order_id, from_status, to_status, reason) SELECT id, NULL, 'pending', 'placed' FROM o
     )
     SELECT EXISTS (SELECT 1 FROM k) AS claimed, ($12::uuid IS NULL OR EXISTS (SELECT 1 FROM c)) AS cart_ok,
            (SELECT created_at FROM o) AS created_at, (SELECT seq::text FROM o) AS seq`,
);

/** What a transition writes besides the status: an outbox event, a compensation, the idempotent response, reopening a cart. */
export interface TransitionEffects {
  reason: string;
  /** Stored as `failure_reason` (for failed orders). */
  failureReason?: string;
  /** Outbox event type (e.g. `order.confirmed`), written in the same statement. */
  event?: string;
  /** Queue a durable release of the order's reservation. */
  compensate?: boolean;
  /** Complete this idempotency key with the given answer. */
  completeKey?: { scope: string; key: string; answer: StoredAnswer };
  /** Give the cart that was checked out for this order back to its customer. */
  reopenCart?: boolean;
  /** Timestamp to store as updated_at. */
  at: Date;
  /** The order's lines, when the caller has them: the outbox event takes them from here instead of reading them again. */
  lines?: PricedLine[];
}

/** The statement's effects after `o` (the moved order): transition record, outbox event, compensation, key, cart. */
const TRANSITION_EFFECTS = `t AS (
       INSERT INTO order_transitions (order_id, from_status, to_status, reason, at) SELECT id, from_status, status, $4, $12 FROM o
     ), e AS (
       INSERT INTO outbox (event_type, order_id, payload)
       SELECT $6, o.id, jsonb_build_object(
                'type', $6::text, 'orderId', o.id, 'customerId', o.customer_id, 'status', o.status, 'previousStatus', o.from_status,
                'totalCents', o.total_cents, 'currency', o.currency, 'at', o.updated_at,
                'lines', coalesce($14::jsonb, (SELECT jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity, 'unitPriceCents', l.unit_price_cents) ORDER BY l.line_no)
                            FROM order_lines l WHERE l.order_id = o.id)))
         FROM o WHERE $6::text IS NOT NULL
     ), c AS (
       INSERT INTO compensations (order_id, action) SELECT id, 'release' FROM o WHERE $7::boolean ON CONFLICT (order_id, action) DO NOTHING
     ), k AS (
       UPDATE idempotency_keys SET response_status = $10, response_body = $11::jsonb, completed_at = now()
        WHERE scope = $8 AND key = $9 AND EXISTS (SELECT 1 FROM o)
     ), r AS (
       UPDATE carts SET status = 'open', order_id = NULL, updated_at = now() WHERE order_id = $1 AND $13::boolean AND EXISTS (SELECT 1 FROM o)
     )
     SELECT id FROM o`;

/** From one of several statuses: the row is locked first to learn which one it was (the transition records it). */
const TRANSITION_ORDER = preparedStatement(
  'orders.transition-order',
  `WITH prev AS (
       SELECT id, status FROM orders WHERE id = $1 AND status = ANY($2::text[]) FOR UPDATE
     ), o AS (
       UPDATE orders SET status = $3, failure_reason = coalesce($5, failure_reason), updated_at = $12
         FROM prev WHERE orders.id = prev.id
       RETURNING orders.id, prev.status AS from_status, orders.status, orders.customer_id, orders.total_cents, orders.currency, orders.updated_at
     ), ${TRANSITION_EFFECTS}`,
);

/**
 * From exactly one status (a placement's confirmation or failure, fulfilment): the previous status is known, so the
 * UPDATE's own condition decides (PostgreSQL re-checks it on the newest row version after waiting for a concurrent
 * writer) and no separate locking read is needed.
 */
const TRANSITION_ORDER_FROM_ONE = preparedStatement(
  'orders.transition-order-from-one',
  `WITH o AS (
       UPDATE orders SET status = $3, failure_reason = coalesce($5, failure_reason), updated_at = $12
        WHERE id = $1 AND status = $2::text
       RETURNING id, $2::text AS from_status, status, customer_id, total_cents, currency, updated_at
     ), ${TRANSITION_EFFECTS}`,
);

/** Filters of the order list; `before` is the cursor (an order's seq). */
export interface OrderFilter {
  customerId?: string;
  /** Only orders placed by this token subject. */
  placedBy?: string;
  statuses?: OrderStatus[];
  createdFrom?: Date;
  createdTo?: Date;
  before?: string;
  limit: number;
}

/** SQL access to orders: placement, transitions with their effects, reads and lists. */
export class OrderRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * One statement, one commit: claims the Idempotency-Key (its row first — a concurrent request with the same key waits
   * on it, then finds it taken), checks out the cart if any, and inserts the pending order with its lines and first
   * transition. Nothing but the key is written when the key is taken or the cart is not open.
   */
  async claimKeyAndInsert(
    key: { scope: string; key: string; hash: string },
    order: { id: string; customerId: string; placedBy: string | null; totalCents: number; currency: string; lines: PricedLine[] },
    cartId: string | null,
  ): Promise<ClaimOutcome> {
    const col = <K extends keyof PricedLine>(k: K) => order.lines.map((l) => l[k]);
    const rows = await runPrepared<{ claimed: boolean; cart_ok: boolean; created_at: Date | null; seq: string | null }>(
      this.m,
      CLAIM_KEY_AND_INSERT_ORDER,
      [
        order.id,
        order.customerId,
        order.totalCents,
        order.currency,
        col('sku'),
        col('name'),
        col('quantity'),
        col('unitPriceCents'),
        key.scope,
        key.key,
        key.hash,
        cartId,
        order.placedBy,
      ],
    );
    const row = rows[0]!;
    if (!row.claimed) return { kind: 'duplicate' };
    if (!row.cart_ok || row.created_at === null || row.seq === null) return { kind: 'cart-not-open' };
    return { kind: 'created', createdAt: row.created_at, seq: row.seq };
  }

  /**
   * Moves an order from one of `from` to `to` with every effect in one statement (so the state change, its
   * transition record, its outbox event and its compensation are atomic). Returns false when the order was
   * not in one of `from` (nothing written).
   */
  async transition(orderId: string, from: OrderStatus[], to: OrderStatus, effects: TransitionEffects): Promise<boolean> {
    const key = effects.completeKey;
    const lines = effects.lines?.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceCents: l.unitPriceCents }));
    const rows = await runPrepared<{ id: string }>(this.m, from.length === 1 ? TRANSITION_ORDER_FROM_ONE : TRANSITION_ORDER, [
      orderId,
      from.length === 1 ? from[0] : from,
      to,
      effects.reason,
      effects.failureReason ?? null,
      effects.event ?? null,
      effects.compensate ?? false,
      key?.scope ?? null,
      key?.key ?? null,
      key?.answer.status ?? null,
      key ? JSON.stringify(key.answer.body) : null,
      effects.at,
      effects.reopenCart ?? false,
      lines && effects.event ? JSON.stringify(lines) : null,
    ]);
    return rows.length === 1;
  }

  /** Reads an order with its lines (optionally locking it). */
  async find(id: string, forUpdate = false): Promise<OrderRecord | null> {
    const rows: RawOrder[] = await this.m.query(
      `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = $1 ${forUpdate ? 'FOR UPDATE OF o' : ''}`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The transitions of an order, oldest first. */
  async transitions(orderId: string): Promise<TransitionRecord[]> {
    const rows: Array<{ from_status: OrderStatus | null; to_status: OrderStatus; reason: string | null; at: Date }> = await this.m.query(
      `SELECT from_status, to_status, reason, at FROM order_transitions WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
    return rows.map((r) => ({ from: r.from_status, to: r.to_status, reason: r.reason, at: r.at }));
  }

  /** Orders newest first, matching `filter`. */
  async list(filter: OrderFilter): Promise<OrderRecord[]> {
    const rows: RawOrder[] = await this.m.query(
      `SELECT ${ORDER_COLUMNS} FROM orders o
        WHERE ($1::text IS NULL OR o.customer_id = $1)
          AND ($2::text[] IS NULL OR o.status = ANY($2::text[]))
          AND ($3::timestamptz IS NULL OR o.created_at >= $3)
          AND ($4::timestamptz IS NULL OR o.created_at < $4)
          AND ($5::bigint IS NULL OR o.seq < $5::bigint)
          AND ($7::text IS NULL OR o.placed_by = $7)
        ORDER BY o.seq DESC LIMIT $6`,
      [
        filter.customerId ?? null,
        filter.statuses ?? null,
        filter.createdFrom ?? null,
        filter.createdTo ?? null,
        filter.before ?? null,
        filter.limit,
        filter.placedBy ?? null,
      ],
    );
    return rows.map(toRecord);
  }

  /** Pending orders older than `olderThanSeconds` (placement interrupted, e.g. by a crash). */
  async findStalePendingIds(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.m.query(
      `SELECT id FROM orders WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.id);
  }
}
