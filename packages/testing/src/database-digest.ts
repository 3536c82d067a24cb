import { Client } from 'pg';

/** A digest of a database's tables, for showing that a request changed nothing. */
export interface DatabaseDigest {
  /** One md5 per table (of its rows as text, ordered), by table name. */
  read(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** Opens a connection to `url` and digests every table of schema `public` except `exclude` (tables that background jobs change). */
export async function createDatabaseDigest(url: string, options: { exclude?: string[] } = {}): Promise<DatabaseDigest> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const exclude = new Set(options.exclude ?? []);
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return {
    async read() {
      const tables = (
        await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
      ).rows
        .map((r) => r.tablename)
        .filter((t) => !exclude.has(t));
      if (tables.length === 0) return {};
      const sql = tables
        .map(
          (t) =>
            `SELECT ${client.escapeLiteral(t)} AS name, (SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${ident(t)} x) AS digest`,
        )
        .join(' UNION ALL ');
      const rows = (await client.query<{ name: string; digest: string }>(sql)).rows;
      return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
    },
    close: () => client.end(),
  };
}
