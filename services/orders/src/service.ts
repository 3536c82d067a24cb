import 'reflect-metadata';
import { createServiceTokenSource } from '@erp/auth';
import { scheduleJob, type ServiceContext, type ServiceDefinition } from '@erp/service-kit';
import { loadOrdersConfig, type OrdersConfig } from './config';
import { Order, OrderLine, OrderTransition } from './data-access/order.entity';
import { Cart, CartLine } from './data-access/cart.entity';
import { Compensation } from './data-access/compensation.entity';
import { IdempotencyKey } from './data-access/idempotency-key.entity';
import { Delivery, OutboxEvent, Subscription } from './data-access/outbox.entity';
import { InitOrders1764300000000 } from './data-access/migrations/1764300000000-init-orders.migration';
import { PlacedBy1764400000000 } from './data-access/migrations/1764400000000-placed-by.migration';
import { LookupsByOrder1764500000000 } from './data-access/migrations/1764500000000-lookups-by-order.migration';
import { ordersRepositories, unitOfWork } from './data-access/orders-repositories';
import type { OrdersDeps } from './domain/orders-deps';
import { createProductCache } from './data-access/catalog.gateway';
import { failStalePendingOrders, runDueCompensations } from './domain/compensation.use-case';
import { dispatchOutbox } from './domain/outbox-dispatch.use-case';
import { orderRoutes } from './entry-points/api/orders.routes';
import { cartRoutes } from './entry-points/api/carts.routes';
import { subscriptionRoutes } from './entry-points/api/subscriptions.routes';
import { placementAnswers } from './entry-points/api/stored-response';
import { startIdempotencyCleanupJob } from './jobs/idempotency-cleanup.job';

export { loadOrdersConfig, ordersConfigShape, type OrdersConfig } from './config';

/** The orders service: carts, idempotent placement against catalog and inventory, lifecycle, history, outbox. */
export function buildOrdersService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition<OrdersConfig> {
  const config = loadOrdersConfig(env);
  let deps: OrdersDeps | undefined;
  const inFlight = new Set<Promise<unknown>>();

  /** One set of dependencies per start, shared by routes and jobs. */
  const depsOf = (ctx: ServiceContext<OrdersConfig>): OrdersDeps => {
    if (deps) return deps;
    const built: OrdersDeps = {
      ...ordersRepositories(ctx.dataSource.manager),
      transaction: unitOfWork(ctx.dataSource),
      catalog: {
        http: ctx.http.catalog!,
        cache:
          config.REDIS_URL && config.CATALOG_CACHE_TTL_MS > 0
            ? createProductCache({
                redisUrl: config.REDIS_URL,
                ttlMs: config.CATALOG_CACHE_TTL_MS,
                logger: ctx.logger.child({ component: 'product-cache' }),
              })
            : undefined,
      },
      inventory: {
        http: ctx.http.inventory!,
        tokens: createServiceTokenSource({
          hrUrl: config.HR_URL,
          clientId: config.AUTH_CLIENT_ID,
          clientSecret: config.AUTH_CLIENT_SECRET,
        }),
      },
      logger: ctx.logger,
      now: () => new Date(),
      idempotencyWaitMs: config.IDEMPOTENCY_WAIT_MS,
      kickCompensations(orderId) {
        const run = runDueCompensations(built, { orderId, maxBackoffMs: config.COMPENSATION_MAX_BACKOFF_MS })
          .catch((error: unknown) => ctx.logger.warn({ err: error, orderId }, 'immediate compensation failed; the job retries it'))
          .finally(() => inFlight.delete(run));
        inFlight.add(run);
      },
    };
    deps = built;
    return built;
  };

  return {
    name: 'orders',
    version: '0.1.0',
    description:
      'Carts and orders: catalog prices, idempotent placement with stock reservations, lifecycle, history and an outbox of order events.',
    config,
    database: {
      entities: [Order, OrderLine, OrderTransition, IdempotencyKey, Compensation, OutboxEvent, Subscription, Delivery, Cart, CartLine],
      migrations: [InitOrders1764300000000, PlacedBy1764400000000, LookupsByOrder1764500000000],
    },
    downstream: {
      catalog: {
        url: config.CATALOG_URL,
        timeoutMs: config.CATALOG_TIMEOUT_MS,
        retries: 2,
        breaker: { halfOpenAfterMs: config.BREAKER_HALF_OPEN_MS },
      },
      inventory: {
        url: config.INVENTORY_URL,
        timeoutMs: config.INVENTORY_TIMEOUT_MS,
        retries: config.INVENTORY_RETRIES,
        breaker: { halfOpenAfterMs: config.BREAKER_HALF_OPEN_MS },
      },
    },
    routes: (ctx) => [orderRoutes(depsOf(ctx)), cartRoutes(depsOf(ctx)), subscriptionRoutes(depsOf(ctx))],
    jobs: (ctx) => {
      const d = depsOf(ctx);
      return [
        scheduleJob({
          name: 'compensations',
          schedule: { everyMs: config.COMPENSATION_INTERVAL_MS },
          logger: ctx.logger,
          run: async () => {
            // a client that repeats an interrupted placement's request gets this answer (as stored before: instance /api/v1/orders)
            await failStalePendingOrders(d, config.STALE_PENDING_SECONDS, placementAnswers('/api/v1/orders'));
            await runDueCompensations(d, { maxBackoffMs: config.COMPENSATION_MAX_BACKOFF_MS });
          },
        }),
        scheduleJob({
          name: 'outbox',
          schedule: { everyMs: config.OUTBOX_INTERVAL_MS },
          logger: ctx.logger,
          run: async () => {
            await dispatchOutbox(d, { timeoutMs: config.WEBHOOK_TIMEOUT_MS });
          },
        }),
        startIdempotencyCleanupJob(d, {
          schedule: config.IDEMPOTENCY_CLEANUP_CRON,
          retentionHours: config.IDEMPOTENCY_KEY_RETENTION_HOURS,
          logger: ctx.logger,
        }),
        {
          async stop() {
            await Promise.allSettled([...inFlight]);
            await d.catalog.cache?.close();
          },
        },
      ];
    },
  };
}
