import type { OrderRecord, TransitionRecord } from '../data-access/order.repository';

/** The public shape of an order (totals in minor units). */
export interface OrderView {
  id: string;
  customerId: string;
  status: string;
  lines: Array<{ sku: string; name: string; quantity: number; unitPriceCents: number; lineTotalCents: number }>;
  totalCents: number;
  currency: string;
  failureReason?: string;
  createdAt: string;
  updatedAt: string;
  transitions?: Array<{ from: string | null; to: string; reason: string | null; at: string }>;
}

/** Turns a stored order (and optionally its transitions) into its API view. */
export function toOrderView(order: OrderRecord, transitions?: TransitionRecord[]): OrderView {
  return {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    lines: order.lines.map((l) => ({ ...l, lineTotalCents: l.quantity * l.unitPriceCents })),
    totalCents: order.totalCents,
    currency: order.currency,
    ...(order.failureReason ? { failureReason: order.failureReason } : {}),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(transitions ? { transitions: transitions.map((t) => ({ from: t.from, to: t.to, reason: t.reason, at: t.at.toISOString() })) } : {}),
  };
}
