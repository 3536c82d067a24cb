import type { DataSource } from 'typeorm';
import { ConflictError } from '@erp/service-kit';
import { Location } from '../data-access/location.entity';

/** Every location, by code. */
export async function listLocations(dataSource: DataSource): Promise<Array<{ code: string; name: string; createdAt: string }>> {
  const rows = await dataSource.getRepository(Location).find({ order: { code: 'ASC' } });
  return rows.map((r) => ({ code: r.code, name: r.name, createdAt: r.createdAt.toISOString() }));
}

/** Adds a location; 409 when the code is taken. */
export async function createLocation(dataSource: DataSource, input: { code: string; name: string }): Promise<{ code: string; name: string; createdAt: string }> {
  const rows: Array<{ code: string; name: string; created_at: Date }> = await dataSource.query(
    `INSERT INTO locations (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code, name, created_at`,
    [input.code, input.name],
  );
  const row = rows[0];
  if (!row) throw new ConflictError(`Location ${JSON.stringify(input.code)} already exists`, { code: input.code }, { type: 'duplicate-location' });
  return { code: row.code, name: row.name, createdAt: row.created_at.toISOString() };
}
