import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A PostgreSQL database created for one test suite. */
export interface TestDatabase {
  /** Connection URL of the new database (user postgres, 127.0.0.1:5432 unless TEST_DATABASE_ADMIN_URL says otherwise). */
  url: string;
  /** Database name: `<prefix>_t_<pid>_<random>`, unique per call. */
  name: string;
  /** Drops the database, terminating any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Admin connection used to create and drop test databases; override with TEST_DATABASE_ADMIN_URL. */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Runs one statement on the admin database, with a fresh connection that is always closed. */
async function runAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminDatabaseUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Turns a prefix into a safe identifier fragment (lower-case letters, digits, underscores). */
function sanitize(prefix: string): string {
  const cleaned = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (cleaned || 'test').slice(0, 30);
}

/** Creates a fresh, empty database for a test suite; call `drop()` in afterAll. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${sanitize(prefix)}_t_${process.pid}_${randomBytes(5).toString('hex')}`;
  await runAdmin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await runAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
