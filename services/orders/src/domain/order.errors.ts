import { ConflictError } from '@erp/errors';
import type { OrderStatus } from '../data-access/order.entity';

/** A conflict, `illegal-transition`: the order's current status does not allow the requested change. */
export class IllegalTransitionError extends ConflictError {
  constructor(from: OrderStatus, to: OrderStatus) {
    super(`An order that is ${from} cannot become ${to}`, { from, to }, { type: 'illegal-transition', title: 'Illegal order transition' });
  }
}
