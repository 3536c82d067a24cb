import { roles } from '@erp/auth';

/** Who may call what in orders (declared next to each route). Which orders and carts a caller sees is a business rule: domain/order-access.ts. */

/** Staff who take orders (the customer is the `customerId` in the body): carts, placing, reading and cancelling their orders. */
export const STAFF = roles('employee', 'manager', 'hr', 'admin');
/** Shipping commits the stock: managers and admins. */
export const FULFILLERS = roles('manager', 'admin');
/** Webhook subscriptions receive every order event (customer ids, amounts): admins only. */
export const ADMIN = roles('admin');
