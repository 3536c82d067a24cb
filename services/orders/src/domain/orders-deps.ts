import type { Logger } from '@erp/service-kit';
import type { CatalogApi } from '../data-access/catalog.gateway';
import type { InventoryApi } from '../data-access/inventory.gateway';
import type { OrdersRepositories, UnitOfWork } from '../data-access/orders-repositories';

/** What the order use-cases work with: repositories outside any transaction, transactions, gateways, clock and logger. */
export interface OrdersDeps extends OrdersRepositories {
  /** Runs work in one transaction, with repositories bound to it. */
  transaction: UnitOfWork;
  /** Catalog prices (over HTTP, with the product cache when Redis carries catalog's change notices). */
  catalog: CatalogApi;
  /** Inventory, called with orders' service account (placement, fulfilment, compensations). */
  inventory: InventoryApi;
  logger: Logger;
  /** The time to record (transitions, a new order). */
  now(): Date;
  /** How long a request waits for a concurrent request with the same Idempotency-Key to finish. */
  idempotencyWaitMs: number;
  /** Runs due compensations now (best effort; the job retries whatever is left). */
  kickCompensations(orderId?: string): void;
}
