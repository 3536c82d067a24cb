import { ConflictError } from '@erp/errors';
import type { InventoryDeps } from './inventory-deps';

/** A location as the API shows it. */
type LocationView = { code: string; name: string; createdAt: string };

/** Every location, by code. */
export async function listLocations(deps: InventoryDeps): Promise<LocationView[]> {
  const rows = await deps.locations.list();
  return rows.map((r) => ({ code: r.code, name: r.name, createdAt: r.createdAt.toISOString() }));
}

/** Adds a location; 409 when the code is taken. */
export async function createLocation(deps: InventoryDeps, input: { code: string; name: string }): Promise<LocationView> {
  const row = await deps.locations.insert(input);
  if (!row)
    throw new ConflictError(`Location ${JSON.stringify(input.code)} already exists`, { code: input.code }, { type: 'duplicate-location' });
  return { code: row.code, name: row.name, createdAt: row.createdAt.toISOString() };
}
