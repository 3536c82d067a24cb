import 'reflect-metadata';
import type { ServiceContext, ServiceDefinition } from '@erp/service-kit';
import { loadInventoryConfig, type InventoryConfig } from './config';
import { Location } from './data-access/location.entity';
import { StockLevel } from './data-access/stock-level.entity';
import { SkuSetting } from './data-access/sku-setting.entity';
import { Movement } from './data-access/movement.entity';
import { Reservation, ReservationLine } from './data-access/reservation.entity';
import { InitInventory1764300000000 } from './data-access/migrations/1764300000000-init-inventory.migration';
import { ConfirmedReservations1764600000000 } from './data-access/migrations/1764600000000-confirmed-reservations.migration';
import { catalogHasSku } from './data-access/catalog.gateway';
import { inventoryStore } from './data-access/inventory-store';
import type { CatalogSkuLookup } from './domain/catalog-skus.use-case';
import { seedDemoStock } from './domain/seed-demo-stock';
import { DEMO_SKUS } from './domain/demo-skus';
import { stockRoutes } from './entry-points/api/stock.routes';
import { reservationRoutes } from './entry-points/api/reservations.routes';
import { locationRoutes } from './entry-points/api/locations.routes';
import { startReservationExpiryJob } from './jobs/reservation-expiry.job';

export { DEMO_SKUS } from './domain/demo-skus';
export { loadInventoryConfig, inventoryConfigShape, type InventoryConfig } from './config';

/** How the routes ask catalog about a sku: through the kit's client for `CATALOG_URL`, or not at all when it is unset. */
function catalogSkuLookup(ctx: ServiceContext<InventoryConfig>): CatalogSkuLookup | undefined {
  const catalog = ctx.http.catalog;
  if (!catalog) {
    ctx.logger.warn('CATALOG_URL is not set: stock is accepted for any sku, also ones catalog never had');
    return undefined;
  }
  return (sku) => catalogHasSku(catalog, sku);
}

export interface InventoryServiceOptions {
  /** Clock (ms since the epoch) that sets and judges reservation deadlines; tests pass their own. */
  clock?: () => number;
}

/** The inventory service: stock per sku and location, the movement ledger, reservations and their expiry. */
export function buildInventoryService(
  env: NodeJS.ProcessEnv = process.env,
  options: InventoryServiceOptions = {},
): ServiceDefinition<InventoryConfig> {
  const config = loadInventoryConfig(env);
  const clock = options.clock ?? Date.now;
  return {
    name: 'inventory',
    version: '0.1.0',
    description: 'Stock per sku and location with an append-only movement ledger; all-or-nothing reservations that never oversell.',
    config,
    database: {
      entities: [Location, StockLevel, SkuSetting, Movement, Reservation, ReservationLine],
      migrations: [InitInventory1764300000000, ConfirmedReservations1764600000000],
    },
    seed: async (ctx) => {
      if (!config.INVENTORY_SEED) return;
      const stocked = await seedDemoStock(inventoryStore(ctx.dataSource), DEMO_SKUS, config.DEMO_STOCK_QUANTITY);
      if (stocked > 0) ctx.logger.info({ skus: stocked, quantity: config.DEMO_STOCK_QUANTITY }, 'demo stock received');
    },
    downstream: config.CATALOG_URL ? { catalog: config.CATALOG_URL } : undefined,
    routes: (ctx) => {
      const deps = inventoryStore(ctx.dataSource);
      return [
        stockRoutes(deps, catalogSkuLookup(ctx)),
        reservationRoutes(deps, { ttlSeconds: config.RESERVATION_TTL_SECONDS, clock }),
        locationRoutes(deps),
      ];
    },
    jobs: (ctx) => [
      startReservationExpiryJob(inventoryStore(ctx.dataSource), { schedule: config.RESERVATION_EXPIRY_CRON, logger: ctx.logger, clock }),
    ],
  };
}
