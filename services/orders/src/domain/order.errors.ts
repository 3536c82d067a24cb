import { ConflictError, type HttpError } from '@erp/service-kit';
import type { OrderStatus } from '../data-access/order.entity';

/** 409 `illegal-transition`: the order's current status does not allow the requested change. */
export class IllegalTransitionError extends ConflictError {
  constructor(from: OrderStatus, to: OrderStatus) {
    super(`An order that is ${from} cannot become ${to}`, { from, to }, { type: 'illegal-transition', title: 'Illegal order transition' });
  }
}

/** The problem document of an error, as the problem middleware would send it (for storing with an idempotency key). */
export function problemBody(error: HttpError, instance: string): Record<string, unknown> {
  return { ...error.toProblem(), instance };
}
