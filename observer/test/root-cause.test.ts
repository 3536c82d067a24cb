import { findRootCauses, type CauseInput } from '../src/domain/root-cause';
import type { ProbeResult } from '../src/domain/target-types';

const failingReport = (checks: { name: string; componentType: string }[]): ProbeResult => ({
  target: 'x', at: 0, ok: false, latencyMs: 1, httpStatus: 503, status: 'fail', error: 'fail',
  checks: checks.map((c) => ({ ...c, componentId: null, value: null, unit: null, status: 'fail' as const })),
});
const t = (name: string, state: CauseInput['state'], dependsOn: string[] = [], last: ProbeResult | null = null): CauseInput => ({ name, state, dependsOn, last });

describe('root cause', () => {
  test('when a target and the target it depends on both fail, then the deepest failing dependency is the cause', () => {
    const causes = findRootCauses([t('db-proxy', 'DOWN'), t('inventory', 'DOWN', ['db-proxy']), t('orders', 'PENDING', ['inventory']), t('catalog', 'UP')]);
    expect(causes.get('orders')).toBe('db-proxy');
    expect(causes.get('inventory')).toBe('db-proxy');
    expect(causes.get('db-proxy')).toBeNull();
    expect(causes.get('catalog')).toBeNull();
  });

  test('when several services report the same datastore failing, then each names check:<datastore>', () => {
    const report = failingReport([{ name: 'postgres:responseTime', componentType: 'datastore' }]);
    const causes = findRootCauses([t('a', 'DOWN', [], report), t('b', 'DOWN', [], report)]);
    expect([causes.get('a'), causes.get('b')]).toEqual(['check:postgres', 'check:postgres']);
  });

  test('when a declared check dependency fails, then it is the cause even if it is not a datastore', () => {
    const causes = findRootCauses([t('a', 'DOWN', ['check:payments'], failingReport([{ name: 'payments:responseTime', componentType: 'component' }]))]);
    expect(causes.get('a')).toBe('check:payments');
  });

  test('when the dependency is healthy, then a failing target is its own cause', () => {
    expect(findRootCauses([t('inventory', 'UP'), t('orders', 'DOWN', ['inventory'])]).get('orders')).toBeNull();
  });
});
