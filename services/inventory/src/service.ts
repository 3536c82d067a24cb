import 'reflect-metadata';
import type { ServiceDefinition } from '@erp/service-kit';
import { loadInventoryConfig, type InventoryConfig } from './config';
import { Location } from './data-access/location.entity';
import { StockLevel } from './data-access/stock-level.entity';
import { SkuSetting } from './data-access/sku-setting.entity';
import { Movement } from './data-access/movement.entity';
import { Reservation, ReservationLine } from './data-access/reservation.entity';
import { InitInventory1764300000000 } from './data-access/migrations/1764300000000-init-inventory.migration';
import { ConfirmedReservations1764600000000 } from './data-access/migrations/1764600000000-confirmed-reservations.migration';
import { seedDemoStock } from './domain/seed-demo-stock';
import { DEMO_SKUS } from './domain/demo-skus';
import { stockRoutes } from './entry-points/api/stock.routes';
import { reservationRoutes } from './entry-points/api/reservations.routes';
import { locationRoutes } from './entry-points/api/locations.routes';
import { startReservationExpiryJob } from './jobs/reservation-expiry.job';

export { DEMO_SKUS } from './domain/demo-skus';
export { loadInventoryConfig, inventoryConfigShape, type InventoryConfig } from './config';

export interface InventoryServiceOptions {
  /** Clock (ms since the epoch) that sets and judges reservation deadlines; tests pass their own. */
  clock?: () => number;
}

/** The inventory service: stock per sku and location, the movement ledger, reservations and their expiry. */
export function buildInventoryService(env: NodeJS.ProcessEnv = process.env, options: InventoryServiceOptions = {}): ServiceDefinition<InventoryConfig> {
  const config = loadInventoryConfig(env);
  const clock = options.clock ?? Date.now;
  return {
    name: 'inventory',
    version: '0.1.0',
    description: 'Stock per sku and location with an append-only movement ledger; all-or-nothing reservations that never oversell.',
    config,
    database: { entities: [Location, StockLevel, SkuSetting, Movement, Reservation, ReservationLine], migrations: [InitInventory1764300000000, ConfirmedReservations1764600000000] },
    seed: async (ctx) => {
      if (!config.INVENTORY_SEED) return;
      const stocked = await seedDemoStock(ctx.dataSource, DEMO_SKUS, config.DEMO_STOCK_QUANTITY);
      if (stocked > 0) ctx.logger.info({ skus: stocked, quantity: config.DEMO_STOCK_QUANTITY }, 'demo stock received');
    },
    routes: (ctx) => [stockRoutes(ctx.dataSource), reservationRoutes(ctx.dataSource, { ttlSeconds: config.RESERVATION_TTL_SECONDS, clock }), locationRoutes(ctx.dataSource)],
    jobs: (ctx) => [startReservationExpiryJob(ctx.dataSource, { schedule: config.RESERVATION_EXPIRY_CRON, logger: ctx.logger, clock })],
  };
}
