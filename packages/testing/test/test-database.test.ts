import { Client } from 'pg';
import { createTestDatabase } from '../src';

async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('when called twice with one prefix, then it creates two distinct, usable databases', async () => {
    const first = await createTestDatabase('Testing Kit!');
    const second = await createTestDatabase('Testing Kit!');
    try {
      expect(first.name).not.toBe(second.name);
      expect(first.name).toMatch(/^testing_kit_t_\d+_[0-9a-f]{10}$/);
      const client = new Client({ connectionString: first.url });
      await client.connect();
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      await client.end();
      expect(rows[0]?.db).toBe(first.name);
    } finally {
      await first.drop();
      await second.drop();
    }
  });

  it('when dropped while a connection is open, then the database is gone and a second drop is harmless', async () => {
    const db = await createTestDatabase('testing');
    const client = new Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    await db.drop();
    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
    await client.end().catch(() => undefined);
  });
});
