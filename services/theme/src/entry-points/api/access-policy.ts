import { roles } from '@erp/auth';

// Who may call which route of theme (declared next to each route). Whose themes a caller may see or change once
// admitted (own, shared, any for an admin) is a domain rule in domain/custom-themes.use-case.ts.

/** Preferences and custom themes belong to people: any signed-in staff member (not service accounts). */
export const STAFF = roles('employee', 'manager', 'hr', 'admin');
