import { roles, type Principal } from '@erp/auth';

/** Who may call what in inventory (declared next to each route). */

/** Stock counts are not personal data: anyone may read them (the storefront and catalog pages show availability). */
export const PUBLIC = 'public' as const;
/** Reads that name people (the ledger's actors) or orders: signed-in staff and services. */
export const STAFF = roles('admin', 'manager', 'hr', 'employee', 'service');
/** Changing stock, locations and thresholds. */
export const STOCK_KEEPERS = roles('admin', 'manager');
/** Reservations and their release/commit: the orders service account, and admin for repairs. */
export const RESERVERS = roles('service:orders', 'admin');

/** The actor recorded in the ledger: the verified caller (a person's email, else their account id; `service:<client>` for a service). */
export const actorOf = (principal: Principal): string =>
  principal.kind === 'service' ? `service:${principal.subject}` : (principal.email ?? principal.subject);
