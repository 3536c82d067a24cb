import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@erp/testing';
import { freePort } from '../src/ports';
import { exitOf, launch, tableRow } from './support';

// Issue 12 §5: `pnpm start` right after a previous fleet (its PostgreSQL still holding the data dir) crashed with
// "Cannot read properties of undefined (reading 'message')". Here another PostgreSQL holds the data dir on purpose.
const holderScript = path.join(__dirname, 'fixtures', 'hold-embedded-postgres.ts');

let stateDir: string;
let holder: ChildProcessWithoutNullStreams;
beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'launcher-pg-'));
  chmodSync(stateDir, 0o755); // Postgres runs as the postgres user when the tests run as root
  const port = await freePort();
  holder = spawn(process.execPath, [
    '--import',
    'tsx',
    holderScript,
    path.join(stateDir, 'postgres'),
    String(port),
    path.join(stateDir, 'holder.log'),
  ]);
  let out = '';
  holder.stdout.on('data', (d: Buffer) => (out += d.toString()));
  holder.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.includes('ready'), { timeoutMs: 120_000, intervalMs: 200, message: `the holder's PostgreSQL (${out})` });
}, 150_000);
afterAll(async () => {
  if (holder.exitCode === null) {
    holder.kill('SIGTERM');
    await exitOf(holder);
  }
  rmSync(stateDir, { recursive: true, force: true });
});

test("when another PostgreSQL keeps the data dir, then pnpm start retries, then exits 1 naming PostgreSQL's reason and what to do", async () => {
  const { child, output } = launch(['--only', 'catalog', '--state-dir', stateDir], {});
  try {
    expect(await exitOf(child)).toBe(1);
    expect(output()).toMatch(/could not start yet \(.*lock file "postmaster\.pid" already exists.*\); retrying/);
    expect(output()).toMatch(
      /embedded PostgreSQL did not start .*lock file "postmaster\.pid" already exists.*Another PostgreSQL still uses .* — its log: .*postgres\.log/,
    );
    expect(output()).not.toContain('Cannot read properties');
  } finally {
    child.kill('SIGKILL');
  }
}, 90_000);

test('when the data dir is freed while pnpm start retries, then its PostgreSQL starts and the fleet comes up', async () => {
  const { child, output } = launch(['--only', 'catalog', '--state-dir', stateDir], {});
  try {
    await waitFor(() => /could not start yet .*; retrying/.test(output()), { timeoutMs: 60_000, intervalMs: 100, message: 'a retry' });
    holder.kill('SIGTERM');
    await waitFor(() => tableRow(output(), 'catalog') !== null, {
      timeoutMs: 120_000,
      intervalMs: 200,
      message: `the fleet's table (${output()})`,
    });
    expect(output()).toMatch(/embedded PostgreSQL running on 127\.0\.0\.1:\d+/);
    expect(['pass', 'warn']).toContain(tableRow(output(), 'catalog')?.health);
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
}, 180_000);
