import { findRootCauses, type CauseInput } from '../src/domain/root-cause';
import type { ProbeCheck } from '../src/model/target-types';

const failingReport = (checks: { name: string; componentType: string }[]): ProbeCheck[] =>
  checks.map((c) => ({ ...c, componentId: null, value: null, unit: null, status: 'fail' as const }));
const t = (name: string, state: CauseInput['state'], dependsOn: string[] = [], failedChecks: ProbeCheck[] = []): CauseInput => ({
  name,
  state,
  dependsOn,
  failedChecks,
});

describe('root cause', () => {
  test('when a target and the target it depends on both fail, then the deepest failing dependency is the cause', () => {
    const causes = findRootCauses([
      t('db-proxy', 'DOWN'),
      t('inventory', 'DOWN', ['db-proxy']),
      t('orders', 'PENDING', ['inventory']),
      t('catalog', 'UP'),
    ]);
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
    const causes = findRootCauses([
      t('a', 'DOWN', ['check:payments'], failingReport([{ name: 'payments:responseTime', componentType: 'component' }])),
    ]);
    expect(causes.get('a')).toBe('check:payments');
  });

  test('when the dependency is healthy, then a failing target is its own cause', () => {
    expect(findRootCauses([t('inventory', 'UP'), t('orders', 'DOWN', ['inventory'])]).get('orders')).toBeNull();
  });

  test('when a downstream service check fails, then it is the cause (readiness), and a failing error rate or latency never is', () => {
    const causes = findRootCauses([
      t(
        'orders',
        'DOWN',
        [],
        failingReport([
          { name: 'http:errorRate', componentType: 'component' },
          { name: 'inventory:responseTime', componentType: 'component' },
        ]),
      ),
      t('catalog', 'DOWN', [], failingReport([{ name: 'http:errorRate', componentType: 'component' }])),
    ]);
    expect(causes.get('orders')).toBe('check:inventory');
    expect(causes.get('catalog')).toBeNull();
  });
});
