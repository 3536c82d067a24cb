import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, waitFor, type TestDatabase } from '@erp/testing';
import { exitOf, isAlive, launch, tableRow } from './support';

describe('pnpm start (the launcher)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('launcher');
  });
  afterAll(() => db.drop());

  test('when started with DATABASE_URL, then catalog comes up healthy, a killed child is restarted, and Ctrl-C stops everything', async () => {
    const { child, output } = launch(['--only', 'catalog', '--state-dir', mkdtempSync(path.join(tmpdir(), 'launcher-'))], {
      DATABASE_URL: db.url,
    });
    try {
      await waitFor(() => tableRow(output(), 'catalog') !== null, { timeoutMs: 90_000, intervalMs: 200 });
      const row = tableRow(output(), 'catalog');
      // healthy per the contract: pass, or warn (e.g. CPU still high from start-up on a busy machine)
      expect(['pass', 'warn']).toContain(row?.health);
      const health = await fetch(`${row?.url}/health`);
      expect(health.status).toBe(200);

      process.kill(row?.pid as number, 'SIGKILL');
      await waitFor(() => /catalog is back \(restart #1, pid \d+\)/.test(output()), { timeoutMs: 60_000, intervalMs: 200 });
      const newPid = Number(/catalog is back \(restart #1, pid (\d+)\)/.exec(output())?.[1]);
      expect((await fetch(`${row?.url}/health/ready`)).status).toBe(200);

      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
      expect(output()).toContain('stopped cleanly');
      expect(isAlive(newPid)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 150_000);

  test('when started with no DATABASE_URL, then it runs an embedded PostgreSQL and the service is healthy on it', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'launcher-embedded-'));
    chmodSync(stateDir, 0o755); // Postgres runs as the postgres user when the tests run as root
    const { child, output } = launch(['--only', 'catalog', '--state-dir', stateDir], {});
    try {
      await waitFor(() => tableRow(output(), 'catalog') !== null, { timeoutMs: 120_000, intervalMs: 200 });
      expect(output()).toMatch(/embedded PostgreSQL running on 127\.0\.0\.1:\d+/);
      expect(['pass', 'warn']).toContain(tableRow(output(), 'catalog')?.health);
      const products = await fetch(`${tableRow(output(), 'catalog')?.url}/api/v1/products?limit=5`);
      expect(products.status).toBe(200);
      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
      expect(output()).toContain('stopped cleanly');
    } finally {
      child.kill('SIGKILL');
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 180_000);

  test.each([[['--mode', 'everything']], [['--', '--mode', 'everything']]])(
    'when the mode is unknown (%j), then it exits 2 naming the flag',
    async (args) => {
      const { child, output } = launch(args, {});
      expect(await exitOf(child)).toBe(2);
      expect(output()).toContain('--mode must be all, monitoring or benchmark');
    },
  );

  test('when the mode is benchmark, then the remaining arguments go to pnpm bench', async () => {
    const { child, output } = launch(['--mode', 'benchmark', 'no-such-scenario', '--duration', '1'], { DATABASE_URL: db.url });
    expect(await exitOf(child)).not.toBe(0);
    expect(output()).toContain('unknown scenario no-such-scenario');
  });

  test('when an argument is unknown outside benchmark mode, then it exits 2 naming it', async () => {
    const { child, output } = launch(['--bogus'], {});
    expect(await exitOf(child)).toBe(2);
    expect(output()).toContain('unknown arguments: --bogus');
  });

  test('when hr is started, then the launcher prints a demo login that works', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'launcher-hr-'));
    const { child, output } = launch(['--only', 'hr', '--state-dir', stateDir], { DATABASE_URL: db.url });
    try {
      await waitFor(() => /-d '(\{"email":"admin@erp\.example".*?\})'/.exec(output()), { timeoutMs: 90_000, intervalMs: 200 });
      const body = /-d '(\{"email":"admin@erp\.example".*?\})'/.exec(output())?.[1] as string;
      const url = tableRow(output(), 'hr')?.url as string;
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(login.status).toBe(200);
      expect(await login.json()).toMatchObject({ accessToken: expect.any(String) });
      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 150_000);
});
