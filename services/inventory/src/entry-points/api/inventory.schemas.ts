import { MAX_QUANTITY, OrderLines, Quantity, Sku } from '@erp/contracts';
import { z } from 'zod';

export { MAX_QUANTITY, Quantity, Sku };

/** A location code: lower-case letters, digits and hyphens. */
export const LocationCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens, at most 40')
  .describe('location code');

/** An order id as the orders service sends it (any opaque id up to 100 characters). */
export const OrderId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'letters, digits and _ . : -, at most 100')
  .describe('order id');

const Reason = z.string().trim().min(1).max(200);
const Reference = z.string().trim().min(1).max(200).optional();

export const SkuParams = z.object({ sku: Sku });
export const IdParams = z.object({ id: z.uuid() });
export const OrderIdParams = z.object({ orderId: OrderId });

export const AdjustmentBody = z.object({
  delta: z
    .number()
    .int()
    .min(-MAX_QUANTITY)
    .max(MAX_QUANTITY)
    .refine((d) => d !== 0, 'must not be 0'),
  reason: Reason,
  location: LocationCode.default('main'),
  reference: Reference,
});

export const ReceiptBody = z.object({
  location: LocationCode.default('main'),
  reason: Reason.default('goods received'),
  reference: Reference,
  lines: OrderLines,
});

export const TransferBody = z
  .object({ sku: Sku, from: LocationCode, to: LocationCode, quantity: Quantity, reason: Reason.default('transfer'), reference: Reference })
  .refine((t) => t.from !== t.to, { message: 'from and to must differ', path: ['to'] });

export const ThresholdBody = z.object({ threshold: z.number().int().min(0).max(1_000_000_000).nullable() });

export const ReservationBody = z.object({
  orderId: OrderId,
  lines: OrderLines,
  confirm: z
    .boolean()
    .default(false)
    .describe(
      'true: the order is confirmed by this reservation (held until released or committed, never expires); false: pending until RESERVATION_TTL_SECONDS',
    ),
});

export const LocationBody = z.object({ code: LocationCode, name: z.string().trim().min(1).max(200) });

const Limit = z.coerce.number().int().min(1).max(500).default(100);

export const StockListQuery = z.object({
  skus: z
    .string()
    .max(6600)
    .transform((s) => s.split(','))
    .pipe(z.array(Sku).min(1).max(100))
    .optional()
    .describe('comma-separated skus'),
  after: Sku.optional().describe('continue after this sku'),
  limit: Limit,
});

export const MovementsQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('continue after this movement id'),
  limit: Limit,
});

const StockLocation = z.object({ location: z.string(), onHand: z.number(), reserved: z.number(), available: z.number() });
export const StockResponse = z.object({
  sku: z.string(),
  onHand: z.number(),
  reserved: z.number(),
  available: z.number(),
  lowStockThreshold: z.number().nullable(),
  locations: z.array(StockLocation),
});
export const ReservationResponse = z.object({
  id: z.uuid(),
  orderId: z.string(),
  status: z.enum(['pending', 'confirmed', 'released', 'committed', 'expired']),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number() })),
  allocations: z.array(z.object({ sku: z.string(), location: z.string(), quantity: z.number() })),
});
