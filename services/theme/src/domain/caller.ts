/** Who is asking — the same two fields as `@erp/auth`'s Principal, so a verified token fits as is. */
export interface Caller {
  subject: string;
  roles: readonly string[];
}

/** True when the caller holds the admin role. */
export function isAdmin(caller: Caller | undefined): boolean {
  return caller?.roles.includes('admin') ?? false;
}
