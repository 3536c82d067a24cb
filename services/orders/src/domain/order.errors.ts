import { ConflictError, type AppError } from '@erp/errors';
import { problemOfAppError } from '@erp/service-kit';
import type { OrderStatus } from '../data-access/order.entity';

/** 409 `illegal-transition`: the order's current status does not allow the requested change. */
export class IllegalTransitionError extends ConflictError {
  constructor(from: OrderStatus, to: OrderStatus) {
    super(`An order that is ${from} cannot become ${to}`, { from, to }, { type: 'illegal-transition', title: 'Illegal order transition' });
  }
}

/** The status and problem document of an error, as the problem middleware would send them (stored with an idempotency key). */
export function problemAnswer(error: AppError, instance: string): { status: number; body: Record<string, unknown> } {
  const problem = problemOfAppError(error);
  return { status: problem.status, body: { ...problem.document, instance } };
}
