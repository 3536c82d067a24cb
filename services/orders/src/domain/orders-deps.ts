import type { DataSource } from 'typeorm';
import type { Logger } from '@erp/service-kit';
import type { CatalogApi } from '../data-access/catalog.gateway';
import type { InventoryApi } from '../data-access/inventory.gateway';

/** What the order use-cases need. */
export interface OrdersDeps {
  dataSource: DataSource;
  /** Catalog prices (over HTTP, with the product cache when Redis carries catalog's change notices). */
  catalog: CatalogApi;
  /** Inventory, called with orders' service account (placement, fulfilment, compensations). */
  inventory: InventoryApi;
  logger: Logger;
  /** How long a request waits for a concurrent request with the same Idempotency-Key to finish. */
  idempotencyWaitMs: number;
  /** Runs due compensations now (best effort; the job retries whatever is left). */
  kickCompensations(orderId?: string): void;
}

/** An HTTP answer decided by a use-case (stored for idempotent replays). */
export interface StoredResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}
