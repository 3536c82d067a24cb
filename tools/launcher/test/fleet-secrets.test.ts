import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadFleetSecrets, SERVICE_CLIENTS } from '../src/fleet-secrets';

describe('fleet secrets', () => {
  test('when none exist yet, then random ones are written owner-only, and the next start reads the same', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secrets-'));
    const first = loadFleetSecrets(dir);
    expect(Object.keys(first.clients).sort()).toEqual([...SERVICE_CLIENTS].sort());
    expect(new Set([first.observerAdminToken, first.watchdogAdminToken, ...Object.values(first.clients)]).size).toBe(
      2 + SERVICE_CLIENTS.length,
    );
    expect(statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadFleetSecrets(dir)).toEqual(first);
  });

  test('when a service account is missing from the file, then only it is added', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secrets-'));
    const first = loadFleetSecrets(dir);
    const file = path.join(dir, 'secrets.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as typeof first;
    delete stored.clients.watchdog;
    writeFileSync(file, JSON.stringify(stored));
    const second = loadFleetSecrets(dir);
    expect(second.clients.orders).toBe(first.clients.orders);
    expect(second.clients.watchdog).toEqual(expect.any(String));
    expect(second.clients.watchdog).not.toBe(first.clients.watchdog);
    expect(second.demoPassword).toBe(first.demoPassword);
  });
});
