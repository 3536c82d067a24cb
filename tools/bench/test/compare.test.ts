import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareReports, readReports, type SavedReport } from '../src/compare';
import type { Measurement } from '../src/scenario';

function measurement(label: string, requestsPerSec: number, p99Ms: number): Measurement {
  return { label, url: 'http://x', connections: 50, durationSeconds: 10, requests: requestsPerSec * 10, requestsPerSec, p50Ms: 1, p90Ms: 1, p99Ms, maxMs: 9, non2xx: 0, errors: 0, timeouts: 0 };
}

const head: SavedReport[] = [
  {
    scenario: 'catalog',
    measurements: [measurement('bare Express 5', 10_000, 8), measurement('catalog product', 9_000, 12)],
    goals: [{ name: 'cached read', expected: '≥ 0.90 × bare Express 5', actual: '0.90 ×', pass: true }],
  },
  { scenario: 'watchdog', measurements: [], goals: [{ name: 'restart', expected: '≤ 1000 ms', actual: '1200 ms', pass: false }] },
];
const base: SavedReport[] = [
  { scenario: 'catalog', measurements: [measurement('catalog product', 6_000, 24)], goals: [{ name: 'cached read', expected: '≥ 0.90 × bare Express 5', actual: '0.60 ×', pass: false }] },
];

describe('compare: this branch ÷ base branch', () => {
  test('when both runs measured a target, then its row shows head ÷ base for req/s and p99; without a base it says n/a', () => {
    const table = compareReports(head, base);
    expect(table).toContain('| catalog | catalog product | 9000 | 6000 | 1.50 | 12 | 24 | 0.50 |');
    expect(table).toContain('| catalog | bare Express 5 | 10000 | n/a | n/a | 8 | n/a | n/a |');
  });

  test('when goals were checked, then each shows both results, a head failure in bold and a goal the base lacks as n/a', () => {
    const table = compareReports(head, base);
    expect(table).toContain('| catalog | cached read | ≥ 0.90 × bare Express 5 | PASS 0.90 × | FAIL 0.60 × |');
    expect(table).toContain('| watchdog | restart | ≤ 1000 ms | **FAIL** 1200 ms | n/a |');
  });

  test('when a results directory holds reports, then they are read by scenario, and a missing directory reads as none', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-compare-'));
    try {
      await writeFile(path.join(dir, 'catalog.json'), JSON.stringify(head[0]));
      await writeFile(path.join(dir, '.gitignore'), '*\n');
      expect((await readReports(dir)).map((r) => r.scenario)).toEqual(['catalog']);
      expect(await readReports(path.join(dir, 'nope'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
