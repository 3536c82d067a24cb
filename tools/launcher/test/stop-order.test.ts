import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@erp/testing';
import { exitOf, launch, tableRow } from './support';

// Issue 12 §5: at Ctrl-C, PostgreSQL stopped before the observer did ("terminating connection due to administrator
// command"). A terminal's Ctrl-C signals the whole foreground process group, so the test does exactly that.
test("when Ctrl-C reaches the launcher's whole process group, then the watchdog, the observer, the services and PostgreSQL stop in that order", async () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'launcher-stop-'));
  chmodSync(stateDir, 0o755); // Postgres runs as the postgres user when the tests run as root
  const { child, output } = launch(['--only', 'catalog,observer,watchdog', '--state-dir', stateDir], {}, { detached: true });
  const log = (name: string) => readFileSync(path.join(stateDir, 'logs', `${name}.log`), 'utf8');
  try {
    await waitFor(() => tableRow(output(), 'watchdog') !== null, {
      timeoutMs: 150_000,
      intervalMs: 200,
      message: `the fleet's table (${output()})`,
    });

    process.kill(-(child.pid as number), 'SIGINT');
    expect(await exitOf(child)).toBe(0);

    const stops = output()
      .split('\n')
      .map((line) => /^\[launcher\] (\w+) stopped$/.exec(line)?.[1])
      .filter(Boolean);
    expect(stops).toEqual(['watchdog', 'observer', 'catalog', 'PostgreSQL']);
    for (const member of ['watchdog', 'observer', 'catalog']) {
      // each was stopped by the launcher (SIGTERM), none by the terminal's SIGINT
      expect(log(member)).toContain('"signal":"SIGTERM"');
      expect(log(member)).not.toContain('"signal":"SIGINT"');
    }
    expect(log('observer')).not.toContain('terminating connection due to administrator command');
    const postgres = log('postgres');
    expect(postgres.indexOf('[launcher] stopping PostgreSQL')).toBeGreaterThan(-1);
    expect(postgres.indexOf('received fast shutdown request')).toBeGreaterThan(postgres.indexOf('[launcher] stopping PostgreSQL'));
  } finally {
    child.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  }
}, 240_000);
