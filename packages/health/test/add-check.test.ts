import { HealthMonitor } from '../src';
import { pollUntil } from './support/health-app';

describe('HealthMonitor.addCheck', () => {
  const monitor = (): HealthMonitor => new HealthMonitor({ serviceId: 'catalog', version: '0.1.0' });
  const run = async (): Promise<void> => undefined;

  it('when the name is not <component>:<measurement>, then it throws naming the value', () => {
    expect(() => monitor().addCheck({ name: 'postgres', componentType: 'datastore', run })).toThrow(/"postgres"/);
  });

  it('when the name is already taken (by a check or a system check), then it throws', () => {
    const health = monitor().addCheck({ name: 'postgres:responseTime', componentType: 'datastore', run });

    expect(() => health.addCheck({ name: 'postgres:responseTime', componentType: 'datastore', run })).toThrow(/already exists/);
    expect(() => health.addCheck({ name: 'http:errorRate', componentType: 'component', run })).toThrow(/already exists/);
  });

  it('when a duration is not positive, then it throws naming the field', () => {
    expect(() => monitor().addCheck({ name: 'redis:responseTime', componentType: 'datastore', run, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => monitor().addCheck({ name: 'redis:responseTime', componentType: 'datastore', run, intervalMs: Number.NaN })).toThrow(
      /intervalMs/,
    );
  });

  it('when a check returns its own observation, then the report carries it', async () => {
    const health = monitor().addCheck({
      name: 'queue:depth',
      componentType: 'component',
      run: async () => ({ observedValue: 12, observedUnit: 'messages', output: 'oldest 3 s' }),
    });
    health.start();
    try {
      const entry = await pollUntil(
        async () => health.report().checks?.['queue:depth']?.[0],
        (e) => e?.status === 'pass',
      );

      expect(entry).toMatchObject({ status: 'pass', observedValue: 12, observedUnit: 'messages', output: 'oldest 3 s' });
    } finally {
      health.stop();
    }
  });
});
