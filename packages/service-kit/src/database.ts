import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource, type Logger as TypeOrmLogger, type MixedList, type EntitySchema, type MigrationInterface } from 'typeorm';
import type { Logger } from './logger';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;
type MigrationList = Array<new () => MigrationInterface>;

/** Options of {@link createDataSource}. */
export interface DataSourceOptions {
  url: string;
  entities: EntityList;
  migrations?: MigrationList;
  logger: Logger;
  /** Shown as `application_name` in pg_stat_activity (default: the logger's name or "erp"). */
  applicationName?: string;
  /** Pool size (default 5). */
  poolMax?: number;
  /** Server-side statement timeout (default 10000 ms). */
  statementTimeoutMs?: number;
  /** Queries slower than this are logged at warn (default 1000 ms). */
  slowQueryMs?: number;
}

/** Sends TypeORM's logging to pino: errors, slow queries, migrations; individual queries only at trace. */
class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}
  logQuery(query: string): void {
    if (this.logger.isLevelEnabled('trace')) this.logger.trace({ query }, 'query');
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.warn({ err: error, query }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query }, 'slow query');
  }
  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ message }, 'typeorm');
    else this.logger.debug({ message }, 'typeorm');
  }
}

/**
 * A TypeORM DataSource for PostgreSQL (not yet initialized; run its migrations with {@link migrate}): `synchronize`
 * off, a bounded pool with connection, statement and idle-in-transaction timeouts.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  const applicationName = options.applicationName ?? 'erp';
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations ?? [],
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: new PinoTypeOrmLogger(options.logger.child({ component: 'db' })),
    maxQueryExecutionTime: options.slowQueryMs ?? 1000,
    applicationName,
    extra: {
      max: options.poolMax ?? 5,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs ?? 10_000,
      // Client side: a server that stops answering cannot hang a query forever.
      query_timeout: (options.statementTimeoutMs ?? 10_000) + 2000,
      idle_in_transaction_session_timeout: 30_000,
      application_name: applicationName,
    },
  });
}

/** Creates the database named in `url` when it does not exist yet (connects to the server's `postgres` database). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[\w-]{1,63}$/.test(name)) throw new Error(`ensureDatabase: unsupported database name ${JSON.stringify(name)}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return;
    await client.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    // Another process created it between our check and CREATE: that is fine.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/** Advisory lock key of migrations (advisory locks are per database, so one key serves every service). */
const MIGRATION_LOCK = 7_301_190_001;

/**
 * Runs the pending migrations of an initialized data source, each in its own transaction, while holding a
 * PostgreSQL advisory lock: replicas starting together on one database take turns, and the later ones find
 * nothing left to run (without it, both would create the migrations table and run the same migration).
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
