import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseObserverConfig } from '@erp/observer';
import { localFleetConfig, writeObserverConfig } from '../src/observer-config';
import type { RunningMember } from '../src/fleet-manifest';

describe('the observer config of the local fleet', () => {
  test('when the launcher builds it, then each service is a health target with its dependencies inside the fleet, and the observer accepts it', () => {
    const config = localFleetConfig([
      { name: 'catalog', url: 'http://127.0.0.1:8001', dependsOn: [] },
      { name: 'orders', url: 'http://127.0.0.1:8002/', dependsOn: ['catalog', 'payments'] },
    ]);
    const parsed = parseObserverConfig(JSON.stringify(config));
    expect(parsed.targets.map((t) => [t.name, t.url, t.kind, t.dependsOn])).toEqual([
      ['catalog', 'http://127.0.0.1:8001/health', 'health', []],
      ['orders', 'http://127.0.0.1:8002/health', 'health', ['catalog']],
    ]);
    expect(parsed.defaults.intervalSeconds).toBe(5);
  });

  test('when the fleet runs an observer, then the written file links alerts to its dashboard; OBSERVER_CONFIG wins over writing one', () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'observer-config-'));
    try {
      const member = (name: string, kind: RunningMember['kind'], port: number): RunningMember => ({
        name,
        kind,
        port,
        url: `http://127.0.0.1:${port}`,
        dir: '',
        entry: '',
        defaultPort: port,
        dependsOn: [],
      });
      const members = [member('catalog', 'service', 18001), member('observer', 'observer', 18010)];
      const file = writeObserverConfig({ root: stateDir, stateDir, env: {} }, members);
      const parsed = parseObserverConfig(readFileSync(file, 'utf8'));
      expect(parsed.targets.map((t) => t.url)).toEqual(['http://127.0.0.1:18001/health']);
      expect(parsed.alerting.dashboardUrl).toBe('http://127.0.0.1:18010/');
      expect(writeObserverConfig({ root: stateDir, stateDir, env: { OBSERVER_CONFIG: 'mine.json' } }, members)).toBe(
        path.resolve('mine.json'),
      );
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
