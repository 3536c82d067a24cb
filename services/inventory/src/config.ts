import { baseConfigShape, defineConfig, envBoolean, envCron, envInteger, envUrl } from '@erp/service-kit';

/** Inventory's environment: the base variables plus reservation expiry, the catalog that vouches for skus, and demo seeding. */
export const inventoryConfigShape = {
  ...baseConfigShape,
  RESERVATION_TTL_SECONDS: envInteger(1, 7 * 24 * 3600)
    .default(900)
    .describe('a pending (unconfirmed) reservation is released after this many seconds'),
  RESERVATION_EXPIRY_CRON: envCron().default('*/15 * * * * *').describe('node-cron schedule (with seconds) of the reservation expiry job'),
  INVENTORY_SEED: envBoolean().default(true).describe('on first start, stock the demo skus'),
  CATALOG_URL: envUrl('http:', 'https:')
    .optional()
    .describe('catalog: a sku inventory has never held is stocked only if catalog has it; unset → any sku is accepted'),
  DEMO_STOCK_QUANTITY: envInteger(0, 1_000_000).default(500).describe('on-hand quantity given to each demo sku by the seed'),
};

export type InventoryConfig = ReturnType<typeof loadInventoryConfig>;

/** Parses and validates inventory's environment (default port 8003). */
export function loadInventoryConfig(env: NodeJS.ProcessEnv = process.env) {
  return defineConfig(inventoryConfigShape, env, { defaultPort: 8003 });
}
