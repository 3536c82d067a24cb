import { OrderLines, Quantity, Sku } from '@erp/contracts';
import { z } from 'zod';

export { Quantity, Sku };
import { ORDER_STATUSES } from '../../data-access/order.entity';
import { ORDER_EVENTS } from '../../domain/subscriptions.use-case';

export const CustomerId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}$/, 'letters, digits and _ . : @ -, at most 100')
  .describe('customer id');

export const PlaceOrderBody = z.object({ customerId: CustomerId, lines: OrderLines });

/** `Idempotency-Key`: 1–255 visible ASCII characters; required on placement and checkout. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().regex(/^[\x21-\x7E]{1,255}$/, '1–255 visible ASCII characters'),
});

export const IdParams = z.object({ id: z.uuid() });
export const CustomerParams = z.object({ customerId: CustomerId });
export const CartLineParams = z.object({ id: z.uuid(), sku: Sku });

export const OrderListQuery = z.object({
  customerId: CustomerId.optional(),
  status: z
    .string()
    .max(100)
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(ORDER_STATUSES)).min(1))
    .optional()
    .describe('comma-separated statuses'),
  createdFrom: z.iso.datetime({ offset: true }).optional().describe('inclusive lower bound of created time'),
  createdTo: z.iso.datetime({ offset: true }).optional().describe('exclusive upper bound of created time'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const HistoryQuery = OrderListQuery.omit({ customerId: true });

export const CreateCartBody = z.object({ customerId: CustomerId });
export const CartLineBody = z.object({ quantity: Quantity });

export const SubscriptionBody = z.object({
  url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2000),
  events: z
    .array(z.enum(ORDER_EVENTS))
    .min(1)
    .max(ORDER_EVENTS.length)
    .refine((events) => new Set(events).size === events.length, 'events must be unique'),
});

const OrderLine = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number(),
  unitPriceCents: z.number(),
  lineTotalCents: z.number(),
});
export const OrderResponse = z.object({
  id: z.uuid(),
  customerId: z.string(),
  status: z.enum(ORDER_STATUSES),
  lines: z.array(OrderLine),
  totalCents: z.number(),
  currency: z.string(),
  failureReason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  transitions: z.array(z.object({ from: z.string().nullable(), to: z.string(), reason: z.string().nullable(), at: z.string() })).optional(),
});
export const OrderPage = z.object({ items: z.array(OrderResponse), nextCursor: z.string().nullable() });
export const CartResponse = z.object({
  id: z.uuid(),
  customerId: z.string(),
  status: z.enum(['open', 'checked_out']),
  orderId: z.uuid().nullable(),
  lines: z.array(
    z.object({
      sku: z.string(),
      quantity: z.number(),
      name: z.string().nullable(),
      unitPriceCents: z.number().nullable(),
      lineTotalCents: z.number().nullable(),
      available: z.boolean(),
    }),
  ),
  totalCents: z.number(),
  currency: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
