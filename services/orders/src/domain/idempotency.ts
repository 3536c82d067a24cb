import { ConflictError, ServiceUnavailableError, UnprocessableError } from '@erp/errors';
import { createHash } from 'node:crypto';
import type { Principal } from '@erp/auth';
import type { OrdersDeps } from './orders-deps';
import type { PlacementResult } from './placement-answer';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Hash of a validated request body (its canonical JSON). */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * For a request whose key is already claimed: a different body → 422; a finished request → its stored answer;
 * one still running → wait for it (up to `idempotencyWaitMs`, then 409 so the client retries later).
 */
export async function replayKey(
  deps: Pick<OrdersDeps, 'idempotencyKeys' | 'idempotencyWaitMs'>,
  scope: string,
  key: string,
  hash: string,
): Promise<PlacementResult> {
  const deadline = Date.now() + deps.idempotencyWaitMs;
  for (;;) {
    const record = await deps.idempotencyKeys.read(scope, key);
    if (!record) throw new ServiceUnavailableError('The first request with this Idempotency-Key failed without effect; retry it');
    if (record.requestHash !== hash) {
      throw new UnprocessableError(
        'This Idempotency-Key was used with a different request body',
        {},
        { type: 'idempotency-key-reused', title: 'Idempotency-Key reused' },
      );
    }
    if (record.answer !== null) return { answer: record.answer, replayed: true };
    if (Date.now() >= deadline) {
      throw new ConflictError(
        'A request with this Idempotency-Key is still in progress; retry later',
        {},
        { type: 'idempotency-key-in-progress' },
      );
    }
    await sleep(20);
  }
}

/** Idempotency-Keys are the caller's own: the same key from two callers names two requests (and never replays another's order). */
export function idempotencyScope(kind: 'orders' | 'checkout', caller: Pick<Principal, 'subject'>): string {
  return `${kind}:${caller.subject}`;
}

/** Deletes finished Idempotency-Keys older than `retentionHours`; returns how many. */
export async function deleteOldKeys(deps: Pick<OrdersDeps, 'idempotencyKeys'>, retentionHours: number): Promise<number> {
  return deps.idempotencyKeys.deleteOld(retentionHours);
}
