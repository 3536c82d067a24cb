import { Client } from 'pg';
import { createTcpProxy, createTestDatabase, waitFor, type TcpProxy, type TestDatabase } from '@erp/testing';
import { ConfigError, ensureDatabase, startService, type RunningService } from '../src';
import { buildWidgetService } from './support/widget-service';

interface HealthBody {
  status: string;
  checks: Record<string, Array<{ status: string }>>;
}

describe('data source', () => {
  let db: TestDatabase;
  let service: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase('kit_database');
    service = await startService(buildWidgetService({ env: { DATABASE_URL: db.url } }));
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('when the service starts, then its migrations have run and are recorded', async () => {
    const ds = service.context.dataSource;
    const columns = await ds.query<Array<{ column_name: string }>>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'widget' ORDER BY column_name",
    );
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'name', 'qty']);
    const migrations = await ds.query<Array<{ name: string }>>('SELECT name FROM migrations');
    expect(migrations.map((m) => m.name)).toEqual(['CreateWidget1700000000000']);
  });

  it('when an entity has no migration, then its table does not exist (synchronize is off)', async () => {
    const tables = await service.context.dataSource.query<Array<{ table_name: string }>>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(['migrations', 'widget']);
    expect(service.context.dataSource.options.synchronize).toBe(false);
  });

  it('when connected, then the session has the statement timeouts and the service name', async () => {
    const ds = service.context.dataSource;
    const [row] = await ds.query<Array<{ statement_timeout: string; idle: string; app: string }>>(
      "SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('application_name') AS app",
    );
    expect(row).toEqual({ statement_timeout: '10s', idle: '30s', app: 'widgets' });
  });

  it('when DATABASE_POOL_MAX is set, then at most that many connections are opened, however many queries wait', async () => {
    const own = await createTestDatabase('kit_pool');
    const small = await startService(buildWidgetService({ env: { DATABASE_URL: own.url, DATABASE_POOL_MAX: '2' } }));
    try {
      const ds = small.context.dataSource;
      const counts = await Promise.all(
        Array.from({ length: 6 }, () =>
          ds.query<Array<{ n: number }>>(
            'SELECT pg_sleep(0.1), (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()) AS n',
          ),
        ),
      );
      expect(Math.max(...counts.map((rows) => rows[0]!.n))).toBe(2);
    } finally {
      await small.stop();
      await own.drop();
    }
  });

  it('when started again on the same database, then the recorded migrations are not run twice', async () => {
    const again = await startService(buildWidgetService({ env: { DATABASE_URL: db.url } }));
    try {
      const migrations = await again.context.dataSource.query<unknown[]>('SELECT name FROM migrations');
      expect(migrations).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });

  it('when DATABASE_URL is missing, then start fails with a ConfigError naming it', async () => {
    await expect(startService(buildWidgetService({ env: {} }))).rejects.toThrow(ConfigError);
    await expect(startService(buildWidgetService({ env: {} }))).rejects.toThrow(/DATABASE_URL/);
  });
});

describe('migrations on a fresh database', () => {
  it('when several replicas start on it at once, then each migration runs once and every replica starts', async () => {
    const fresh = await createTestDatabase('kit_migrate_race');
    const replicas: RunningService[] = [];
    try {
      const started = await Promise.allSettled(
        Array.from({ length: 4 }, () => startService(buildWidgetService({ env: { DATABASE_URL: fresh.url } }))),
      );
      for (const result of started) if (result.status === 'fulfilled') replicas.push(result.value);
      expect(started.map((result) => (result.status === 'rejected' ? String(result.reason) : 'started'))).toEqual([
        'started',
        'started',
        'started',
        'started',
      ]);
      const ds = replicas[0]!.context.dataSource;
      expect(await ds.query('SELECT name FROM migrations')).toEqual([{ name: 'CreateWidget1700000000000' }]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await fresh.drop();
    }
  });
});

describe('ensureDatabase', () => {
  it('when the database is missing, then it is created, and a second call is a no-op', async () => {
    const name = `kit_ensure_${process.pid}_${Date.now().toString(36)}`;
    const url = `postgres://postgres@127.0.0.1:5432/${name}`;
    await ensureDatabase(url);
    await ensureDatabase(url);
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe(name);
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('when the name is not a plain identifier, then it refuses', async () => {
    await expect(ensureDatabase('postgres://postgres@127.0.0.1:5432/bad%22name')).rejects.toThrow(/unsupported database name/);
  });
});

describe('postgres health check', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase('kit_pg_health');
    proxy = await createTcpProxy({ targetPort: 5432 });
    service = await startService(buildWidgetService({ env: { DATABASE_URL: proxy.rewrite(db.url) }, checkIntervalMs: 100 }));
  });

  afterAll(async () => {
    await service?.stop();
    await proxy?.close();
    await db?.drop();
  });

  const health = async () => {
    const response = await fetch(`${service.url}/health`);
    return { code: response.status, body: (await response.json()) as HealthBody };
  };

  it('when Postgres stops answering, then the check and the service fail, and pass again when it returns', async () => {
    await waitFor(async () => (await health()).body.checks['postgres:responseTime']?.[0]?.status === 'pass', {
      message: 'postgres check to pass',
    });
    proxy.pause();
    const failed = await waitFor(
      async () => {
        const h = await health();
        return h.body.checks['postgres:responseTime']?.[0]?.status === 'fail' ? h : undefined;
      },
      { timeoutMs: 10_000, message: 'postgres check to fail' },
    );
    expect(failed.code).toBe(503);
    expect(failed.body.status).toBe('fail');
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(503);
    proxy.resume();
    await waitFor(async () => (await health()).code === 200, { timeoutMs: 10_000, message: 'health to pass again' });
  });
});
