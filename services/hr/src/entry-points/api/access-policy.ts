import { roles } from '@erp/auth';

// Who may call which route of hr (declared next to each route). Whose records a caller may see or change once
// admitted (self, direct reports, hr) is a domain rule: domain/record-access.ts.

/** Any staff member. */
export const STAFF = roles('admin', 'hr', 'manager', 'employee');
/** Any staff member or service account (who-am-I). */
export const STAFF_OR_SERVICE = roles('admin', 'hr', 'manager', 'employee', 'service');
/** People who administer hr data. */
export const HR_ONLY = roles('admin', 'hr');
/** Reviews are started by hr or managers. */
export const HR_OR_MANAGER = roles('admin', 'hr', 'manager');
/** Key rotation: admins only. */
export const ADMIN = roles('admin');
