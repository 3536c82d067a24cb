import { ConflictError, UnprocessableError } from '@erp/errors';

/** One sku that cannot be served in full. */
export interface ShortLine {
  sku: string;
  requested: number;
  available: number;
}

/** 409 `insufficient-stock`, naming every sku that is short (nothing was reserved). */
export class InsufficientStockError extends ConflictError {
  constructor(readonly short: ShortLine[]) {
    super(
      `Not enough stock for ${short.map((s) => s.sku).join(', ')}`,
      { skus: short.map((s) => s.sku), short },
      { type: 'insufficient-stock', title: 'Insufficient stock' },
    );
  }
}

/** 409: the reservation is in a state that does not allow this action (e.g. commit after release). */
export class ReservationStateError extends ConflictError {
  constructor(detail: string, status: string) {
    super(detail, { reservationStatus: status }, { type: 'reservation-state', title: 'Reservation state conflict' });
  }
}

/** 422 `unknown-sku`: catalog has no product with these skus, so inventory does not stock them. */
export class UnknownSkuError extends UnprocessableError {
  constructor(readonly skus: string[]) {
    super(`Catalog has no product with sku ${skus.join(', ')}`, { skus }, { type: 'unknown-sku', title: 'Unknown sku' });
  }
}
