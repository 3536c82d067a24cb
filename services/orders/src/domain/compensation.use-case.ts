import { ServiceUnavailableError } from '@erp/errors';
import { closeReservation } from '../data-access/inventory.gateway';
import type { OrdersDeps } from './orders-deps';
import type { AnswerOf } from './placement-answer';

/** Delay before the next attempt: 200 ms doubling up to `maxMs`. */
export const compensationBackoffMs = (attempts: number, maxMs = 30_000): number => Math.min(maxMs, 200 * 2 ** Math.max(0, attempts - 1));

/**
 * Runs due compensations (release the reservation of a failed or cancelled order) once each. Release is idempotent in
 * inventory and leaves a "released" marker, so a reserve that arrives late cannot hold stock. Failures are retried
 * later with backoff, forever. Returns how many were attempted.
 */
export async function runDueCompensations(
  deps: Pick<OrdersDeps, 'compensations' | 'inventory' | 'logger'>,
  options: { orderId?: string; maxBackoffMs?: number } = {},
): Promise<number> {
  const due = await deps.compensations.leaseDue(20, 30, options.orderId);
  await Promise.all(
    due.map(async (c) => {
      try {
        const outcome = await closeReservation(deps.inventory, c.orderId, 'release');
        if (outcome.ok) return await deps.compensations.markDone(c.id, null);
        // 409: already committed (shipped) — nothing left to release, and retrying cannot change that.
        if (outcome.status === 409) {
          deps.logger.warn({ orderId: c.orderId, detail: outcome.detail }, 'compensation: reservation could not be released');
          return await deps.compensations.markDone(c.id, outcome.detail);
        }
        await deps.compensations.retryLater(c.id, compensationBackoffMs(c.attempts, options.maxBackoffMs), outcome.detail);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.warn({ orderId: c.orderId, attempts: c.attempts, err: message }, 'compensation failed; will retry');
        await deps.compensations.retryLater(c.id, compensationBackoffMs(c.attempts, options.maxBackoffMs), message);
      }
    }),
  );
  return due.length;
}

/**
 * Fails orders stuck in "pending" (their placement was interrupted, e.g. by a crash) with a release queued, and
 * completes their idempotency key with the answer of that refusal (unavailable, `answerOf`) so a retry gets an answer.
 * Returns how many were failed.
 */
export async function failStalePendingOrders(
  deps: Pick<OrdersDeps, 'orders' | 'transaction' | 'now'>,
  olderThanSeconds: number,
  answerOf: AnswerOf,
): Promise<number> {
  let failed = 0;
  for (const id of await deps.orders.findStalePendingIds(olderThanSeconds, 100)) {
    const error = new ServiceUnavailableError('Order placement was interrupted; the order failed and nothing stays reserved', {
      orderId: id,
    });
    const moved = await deps.transaction(async (tx) => {
      const ok = await tx.orders.transition(id, ['pending'], 'failed', {
        reason: 'placement interrupted',
        failureReason: error.detail,
        compensate: true,
        reopenCart: true,
        at: deps.now(),
      });
      if (ok) await tx.idempotencyKeys.completeOfOrder(id, answerOf({ kind: 'refused', error }));
      return ok;
    });
    if (moved) failed += 1;
  }
  return failed;
}
