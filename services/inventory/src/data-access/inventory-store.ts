import type { DataSource, EntityManager } from 'typeorm';
import { findHeldSkus } from './held-skus.repository';
import { findLedgerMismatches, ledgerIsEmpty, listMovements } from './ledger.repository';
import { findLocationCodes, insertLocation, listLocations } from './location.repository';
import {
  findExpiredReservationIds,
  findReservation,
  insertReleasedReservation,
  reserveAllOrNothing,
  setReservationStatus,
} from './reservation.repository';
import { findBelowThreshold, readThresholds, writeThreshold } from './sku-setting.repository';
import { applyMovements, listSkus, lockStockRows, readStock } from './stock.repository';

type Bound<F> = F extends (manager: EntityManager, ...args: infer A) => infer R ? (...args: A) => R : never;

/** `fn` with its EntityManager argument fixed. */
const bind = <F extends (manager: EntityManager, ...args: never[]) => unknown>(fn: F, manager: EntityManager): Bound<F> =>
  ((...args: never[]) => fn(manager, ...args)) as Bound<F>;

/** Every inventory repository, bound to one EntityManager: the data source's, or that of a transaction. */
export function repositoriesOn(manager: EntityManager) {
  return {
    stock: {
      lockRows: bind(lockStockRows, manager),
      applyMovements: bind(applyMovements, manager),
      read: bind(readStock, manager),
      listSkus: bind(listSkus, manager),
    },
    reservations: {
      reserveAllOrNothing: bind(reserveAllOrNothing, manager),
      find: bind(findReservation, manager),
      insertReleased: bind(insertReleasedReservation, manager),
      setStatus: bind(setReservationStatus, manager),
      findExpiredIds: bind(findExpiredReservationIds, manager),
    },
    ledger: {
      list: bind(listMovements, manager),
      findMismatches: bind(findLedgerMismatches, manager),
      isEmpty: bind(ledgerIsEmpty, manager),
    },
    settings: {
      readThresholds: bind(readThresholds, manager),
      writeThreshold: bind(writeThreshold, manager),
      findBelowThreshold: bind(findBelowThreshold, manager),
    },
    locations: { list: bind(listLocations, manager), insert: bind(insertLocation, manager), findCodes: bind(findLocationCodes, manager) },
    heldSkus: bind(findHeldSkus, manager),
  };
}

/** The repositories of inventory. */
export type InventoryRepositories = ReturnType<typeof repositoriesOn>;

/** The repositories outside a transaction, and `transaction` to run work in one with repositories bound to it. */
export interface InventoryStore extends InventoryRepositories {
  transaction<T>(work: (tx: InventoryRepositories) => Promise<T>): Promise<T>;
}

/** The store over a PostgreSQL data source. */
export function inventoryStore(dataSource: DataSource): InventoryStore {
  return {
    ...repositoriesOn(dataSource.manager),
    transaction: (work) => dataSource.transaction((manager) => work(repositoriesOn(manager))),
  };
}
