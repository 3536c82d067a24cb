import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a fake target answers. */
export type TargetMode =
  | { kind: 'healthy' }
  | { kind: 'failing' }
  | { kind: 'datastore-down'; datastore: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'hang' }
  | { kind: 'metrics'; checks: Record<string, number> }
  | { kind: 'flapping'; pattern: boolean[] };

/** A small HTTP server speaking the health format, made healthy, failing, slow, hanging or flapping on command. */
export interface FakeTarget {
  name: string;
  url: string;
  healthUrl: string;
  set(mode: TargetMode): void;
  requests(): number;
  close(): Promise<void>;
}

function report(name: string, status: 'pass' | 'warn' | 'fail', extraChecks: Record<string, unknown[]> = {}) {
  const time = new Date().toISOString();
  return {
    status,
    serviceId: name,
    version: '0.1.0',
    checks: {
      uptime: [{ componentType: 'system', observedValue: 100, observedUnit: 's', status: 'pass', time }],
      'postgres:responseTime': [{ componentType: 'datastore', observedValue: 0.5, observedUnit: 'ms', status: 'pass', time }],
      ...extraChecks,
    },
  };
}

export async function startFakeTarget(name: string, initial: TargetMode = { kind: 'healthy' }): Promise<FakeTarget> {
  let mode = initial;
  let count = 0;
  let flapIndex = 0;
  const server = http.createServer((req, res) => {
    count += 1;
    const answer = (status: 'pass' | 'warn' | 'fail', extra?: Record<string, unknown[]>) => {
      res.writeHead(status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' });
      res.end(JSON.stringify(report(name, status, extra)));
    };
    switch (mode.kind) {
      case 'healthy':
        return answer('pass');
      case 'failing':
        // broken in itself (its event loop is blocked): a liveness failure, which a restart cures
        return answer('fail', {
          'eventloop:delay': [
            { componentType: 'system', observedValue: 5000, observedUnit: 'ms', status: 'fail', time: new Date().toISOString() },
          ],
        });
      case 'datastore-down':
        return answer('fail', {
          [`${mode.datastore}:responseTime`]: [
            { componentType: 'datastore', status: 'fail', output: 'connection refused', time: new Date().toISOString() },
          ],
        });
      case 'slow':
        setTimeout(() => answer('pass'), mode.delayMs);
        return undefined;
      case 'hang':
        return undefined;
      case 'metrics': {
        const checks = Object.fromEntries(
          Object.entries(mode.checks).map(([k, v]) => [
            k,
            [{ componentType: 'system', observedValue: v, status: 'pass', time: new Date().toISOString() }],
          ]),
        );
        return answer('pass', checks);
      }
      case 'flapping': {
        const up = mode.pattern[flapIndex % mode.pattern.length];
        flapIndex += 1;
        return answer(up ? 'pass' : 'fail');
      }
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    name,
    url,
    healthUrl: `${url}/health`,
    set(next) {
      mode = next;
      flapIndex = 0;
    },
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
