import { roles } from '@erp/auth';

/** Who may call what in catalog (declared next to each route). */

/** Reads of products and categories: anyone (the storefront shows them). */
export const PUBLIC = 'public' as const;
/**
 * Who may change the catalog (every POST/PUT/PATCH/DELETE of categories and products): admins only.
 * `manager` is deliberately absent: in this fleet it means a people manager (hr), not a
 * catalog manager; a merchandising role would be added here once hr issues one.
 */
export const CATALOG_WRITERS = roles('admin');
