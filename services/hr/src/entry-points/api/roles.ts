import type { Role } from '@erp/auth';

/** Any staff member. */
export const STAFF: readonly Role[] = ['admin', 'hr', 'manager', 'employee'];
/** People who administer hr data. */
export const HR_ONLY: readonly Role[] = ['admin', 'hr'];
/** Reviews are started by hr or managers. */
export const HR_OR_MANAGER: readonly Role[] = ['admin', 'hr', 'manager'];
