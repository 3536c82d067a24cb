import { z } from 'zod';
import { baseConfigShape, defineConfig, envCron, envInteger, envUrl } from '@erp/service-kit';

/** Orders' environment: the base variables, its two downstream services, and the knobs of its jobs. */
export const ordersConfigShape = {
  ...baseConfigShape,
  CATALOG_URL: envUrl('http:', 'https:').describe('base URL of the catalog service (prices)'),
  INVENTORY_URL: envUrl('http:', 'https:').describe('base URL of the inventory service (reservations)'),
  HR_URL: envUrl('http:', 'https:').describe(
    "base URL of hr: verifies callers (its JWKS) and issues orders' service token for calls to inventory",
  ),
  AUTH_CLIENT_ID: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .default('orders')
    .describe('service account of orders at hr (inventory admits service:orders)'),
  AUTH_CLIENT_SECRET: z
    .string()
    .min(24)
    .max(200)
    .describe('secret of that service account (hr knows it from AUTH_SERVICE_CLIENTS; at least 24 characters, as hr requires)'),
  CATALOG_CACHE_TTL_MS: envInteger(0, 3_600_000)
    .default(60_000)
    .describe(
      "longest time a catalog answer is reused; kept only while catalog's change notices arrive over REDIS_URL (0: always ask catalog)",
    ),
  CATALOG_TIMEOUT_MS: envInteger(50, 60_000).default(2000).describe('timeout of each catalog call'),
  INVENTORY_TIMEOUT_MS: envInteger(50, 60_000).default(2000).describe('timeout of each try of an inventory call'),
  INVENTORY_RETRIES: envInteger(0, 10)
    .default(2)
    .describe('retries of an inventory call that timed out or failed (calls are idempotent by order id)'),
  BREAKER_HALF_OPEN_MS: envInteger(100, 600_000)
    .default(5000)
    .describe('how long an open circuit to catalog/inventory fails fast before one trial call'),
  IDEMPOTENCY_WAIT_MS: envInteger(0, 120_000)
    .default(15_000)
    .describe('how long a repeated request waits for the first one with the same Idempotency-Key'),
  IDEMPOTENCY_KEY_RETENTION_HOURS: envInteger(24, 24 * 365)
    .default(24)
    .describe('finished Idempotency-Keys are kept at least this long'),
  IDEMPOTENCY_CLEANUP_CRON: envCron().default('0 17 * * * *').describe('node-cron schedule of the key cleanup'),
  COMPENSATION_INTERVAL_MS: envInteger(50, 600_000).default(1000).describe('how often due compensations (stock releases) are retried'),
  COMPENSATION_MAX_BACKOFF_MS: envInteger(100, 3_600_000).default(30_000).describe('longest wait between two attempts of one compensation'),
  STALE_PENDING_SECONDS: envInteger(1, 86_400)
    .default(120)
    .describe('a pending order older than this (interrupted placement) is failed and its stock released'),
  OUTBOX_INTERVAL_MS: envInteger(50, 600_000).default(500).describe('how often the outbox is dispatched to webhook subscribers'),
  WEBHOOK_TIMEOUT_MS: envInteger(100, 60_000).default(5000).describe('timeout of one webhook delivery'),
};

export type OrdersConfig = ReturnType<typeof loadOrdersConfig>;

/** Parses and validates orders' environment (default port 8002). */
export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env) {
  return defineConfig(ordersConfigShape, env, { defaultPort: 8002 });
}
