/**
 * Who may change the catalog (every POST/PUT/PATCH/DELETE of categories and products): admins only.
 * Reads are public. `manager` is deliberately absent: in this fleet it means a people manager (hr), not a
 * catalog manager; a merchandising role would be added here once hr issues one.
 */
export const catalogWriters = { roles: ['admin'] } as const;
