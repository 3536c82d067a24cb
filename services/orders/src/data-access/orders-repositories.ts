import type { DataSource, EntityManager } from 'typeorm';
import { CartRepository } from './cart.repository';
import { CompensationRepository } from './compensation.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { OrderRepository } from './order.repository';
import { OutboxRepository } from './outbox.repository';
import { SubscriptionRepository } from './subscription.repository';

/** Every repository of orders, bound to one connection or one transaction. */
export interface OrdersRepositories {
  orders: OrderRepository;
  idempotencyKeys: IdempotencyRepository;
  carts: CartRepository;
  compensations: CompensationRepository;
  outbox: OutboxRepository;
  subscriptions: SubscriptionRepository;
}

/** Runs `work` in one transaction with repositories bound to it: all of it commits, or none. */
export type UnitOfWork = <T>(work: (tx: OrdersRepositories) => Promise<T>) => Promise<T>;

/** The repositories over `m` (the data source's manager, or a transaction's). */
export function ordersRepositories(m: EntityManager): OrdersRepositories {
  return {
    orders: new OrderRepository(m),
    idempotencyKeys: new IdempotencyRepository(m),
    carts: new CartRepository(m),
    compensations: new CompensationRepository(m),
    outbox: new OutboxRepository(m),
    subscriptions: new SubscriptionRepository(m),
  };
}

/** Transactions on `dataSource` (the database's default isolation level), each with its own repositories. */
export function unitOfWork(dataSource: DataSource): UnitOfWork {
  return (work) => dataSource.transaction((m) => work(ordersRepositories(m)));
}
