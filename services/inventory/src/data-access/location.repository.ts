import type { EntityManager } from 'typeorm';
import { Location } from './location.entity';

/** A location as stored. */
export interface LocationRecord {
  code: string;
  name: string;
  createdAt: Date;
}

/** Every location, by code. */
export async function listLocations(manager: EntityManager): Promise<LocationRecord[]> {
  const rows = await manager.getRepository(Location).find({ order: { code: 'ASC' } });
  return rows.map((r) => ({ code: r.code, name: r.name, createdAt: r.createdAt }));
}

/** Inserts a location; null when the code is taken. */
export async function insertLocation(manager: EntityManager, input: { code: string; name: string }): Promise<LocationRecord | null> {
  const rows: Array<{ code: string; name: string; created_at: Date }> = await manager.query(
    `INSERT INTO locations (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code, name, created_at`,
    [input.code, input.name],
  );
  const row = rows[0];
  return row ? { code: row.code, name: row.name, createdAt: row.created_at } : null;
}

/** Which of `codes` are known locations. */
export async function findLocationCodes(manager: EntityManager, codes: string[]): Promise<Set<string>> {
  const rows: Array<{ code: string }> = await manager.query(`SELECT code FROM locations WHERE code = ANY($1::text[])`, [codes]);
  return new Set(rows.map((r) => r.code));
}
