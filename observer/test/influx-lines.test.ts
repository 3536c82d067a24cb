import { InfluxDB, type IPoint } from 'influx';
import { alertPoint, eventPoint, stateChangePoint, toPoints } from '../src/storage/influx-points';
import { lineOf } from '../src/storage/influx-store';

/** What the influx client itself sends for these points (its request body, taken before it reaches the network). */
async function clientLines(points: IPoint[]): Promise<string> {
  const client = new InfluxDB({ host: '127.0.0.1', port: 1, database: 'erp_metrics' });
  let body = '';
  (client as unknown as { _pool: { discard: (request: { body: string }) => Promise<void> } })._pool.discard = async (request) => {
    body = request.body;
  };
  await client.writePoints(points, { precision: 'ms' });
  return body;
}

describe('points queued for InfluxDB are kept as line-protocol lines', () => {
  test('every kind of point the observer writes becomes the same line the influx client would send, escapes included', async () => {
    const at = Date.parse('2026-12-02T12:00:00.123Z');
    const points: IPoint[] = [
      ...toPoints({ name: 'svc a,b=c', url: 'http://x/health', kind: 'health', labels: {}, dependsOn: [] } as never, 'UP', {
        target: 'svc a,b=c',
        at,
        latencyMs: 3.25,
        ok: true,
        failure: null,
        httpStatus: 200,
        status: 'pass',
        error: null,
        checks: [
          { name: 'cpu:utilization', componentType: 'system', componentId: null, value: 3.2, unit: 'percent', status: 'pass' },
          { name: 'app:selfTest', componentType: null, componentId: null, value: null, unit: null, status: 'pass' },
          { name: 'postgres:responseTime', componentType: 'datastore', componentId: null, value: 0, unit: 'ms', status: 'fail' },
        ],
      }),
      stateChangePoint('orders', 'UP', 'DOWN', 'check:postgres', at),
      alertPoint({ kind: 'down', channel: 'email', outcome: 'sent', title: 'DOWN: "orders" \\ now', targets: ['orders', 'hr'] }, at),
      eventPoint({ source: 'watchdog', kind: 'restart', target: 'orders', severity: 'info', message: 'restarted = ok, "twice"' }, at),
      { measurement: 'observer', tags: {}, fields: { targets: 2000, cpu_percent: 31.25 }, timestamp: new Date(at) },
    ];
    const expected = await clientLines(points);
    expect(points.map(lineOf).join('\n')).toBe(expected);
    expect(expected.split('\n')).toHaveLength(points.length);
  });
});
