import type { AppError } from '@erp/errors';
import type { StoredAnswer } from '../data-access/idempotency.repository';
import type { OrderView } from './order.view';

export type { StoredAnswer };

/** How a placement ended, in the domain's terms: the order (confirmed, or as someone else left it), or a refusal. */
export type PlacementOutcome = { kind: 'placed'; order: OrderView } | { kind: 'refused'; error: AppError };

/**
 * Turns a placement's outcome into the answer stored with its Idempotency-Key and replayed on repeats. The edge gives
 * it (it alone knows status codes and problem documents); the domain decides the outcome, stores what this returns in
 * the same statement as the outcome, and hands it back unchanged.
 */
export type AnswerOf = (outcome: PlacementOutcome) => StoredAnswer;

/** A placement's answer, and whether it is a replay of the one stored with the key. */
export interface PlacementResult {
  answer: StoredAnswer;
  replayed: boolean;
}
