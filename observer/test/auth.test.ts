import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { waitFor } from '@erp/testing';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { ADMIN_TOKEN, fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

interface Problem {
  type: string;
  status: number;
  detail?: string;
}
interface Write {
  method: 'POST' | 'DELETE';
  path: string;
  body?: unknown;
}

const inADay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const validSilence = { target: 'shop', durationMinutes: 30, comment: 'deploying' };
const validMaintenance = { target: 'shop', startsAt: inADay(1), endsAt: inADay(2), comment: 'database upgrade' };
const validEvent = { source: 'watchdog', kind: 'restart', target: 'shop', severity: 'info', message: 'restarted after 3 failed probes' };

/** A token whose signature no longer matches its content. */
function tamper(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const at = Math.floor(signature.length / 2);
  return `${header}.${payload}.${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('who may call the observer (hr identities and the static admin token)', () => {
  let idp: TestIdentityProvider;
  let target: FakeTarget;
  let observer: ObserverHarness;
  const tokens: Record<'admin' | 'manager' | 'employee' | 'watchdog' | 'orders', string> = {
    admin: '',
    manager: '',
    employee: '',
    watchdog: '',
    orders: '',
  };
  let existingSilenceId: string;
  let existingMaintenanceId: string;

  /** Every write route, aimed at real records so that a refused call could have changed something. */
  const writes = (): [string, Write][] => [
    ['POST /silences', { method: 'POST', path: '/api/v1/silences', body: validSilence }],
    ['DELETE /silences/{id}', { method: 'DELETE', path: `/api/v1/silences/${existingSilenceId}` }],
    ['POST /maintenance', { method: 'POST', path: '/api/v1/maintenance', body: validMaintenance }],
    ['DELETE /maintenance/{id}', { method: 'DELETE', path: `/api/v1/maintenance/${existingMaintenanceId}` }],
    ['POST /maintenance/{id}/end', { method: 'POST', path: `/api/v1/maintenance/${existingMaintenanceId}/end` }],
    ['POST /events', { method: 'POST', path: '/api/v1/events', body: validEvent }],
    ['POST /reports/performance/send', { method: 'POST', path: '/api/v1/reports/performance/send?period=daily' }],
  ];
  const call = (write: Write, token: string | null) => observer.request(write.path, { method: write.method, body: write.body, token });

  /**
   * Everything a write could change: silences, maintenance windows, events, and the alerts a write could send (a report,
   * an event's alert). Down/recovery alerts are left out: the observer sends those on its own whenever a probe of the
   * target fails, which a loaded machine can cause at any moment.
   */
  const snapshot = async () => ({
    silences: await observer.get<{ id: string; active: boolean }[]>('/api/v1/silences?all=true'),
    maintenance: await observer.get<{ id: string }[]>('/api/v1/maintenance'),
    events: (await observer.get<unknown[]>('/api/v1/events')).length,
    alerts: (await observer.get<Array<{ kind: string }>>('/api/v1/alerts?limit=500')).filter(
      (a) => a.kind === 'report' || a.kind === 'event',
    ).length,
  });

  beforeAll(async () => {
    [idp, target] = await Promise.all([startTestIdentityProvider({ serviceClients: ['watchdog', 'orders'] }), startFakeTarget('shop')]);
    observer = await startObserver(
      fastConfig([{ name: 'shop', url: target.healthUrl }], { alerting: { groupWindowSeconds: 0, reminderIntervalSeconds: 0 } }),
      { HR_URL: idp.url },
    );
    [tokens.admin, tokens.manager, tokens.employee, tokens.watchdog, tokens.orders] = await Promise.all([
      idp.login('admin@erp.example'),
      idp.login('manager@erp.example'),
      idp.login('employee@erp.example'),
      idp.serviceToken('watchdog'),
      idp.serviceToken('orders'),
    ]);
    existingSilenceId = (
      (await observer.request('/api/v1/silences', { method: 'POST', body: { ...validSilence, comment: 'existing' } })).body as {
        id: string;
      }
    ).id;
    existingMaintenanceId = (
      (await observer.request('/api/v1/maintenance', { method: 'POST', body: { ...validMaintenance, comment: 'existing' } })).body as {
        id: string;
      }
    ).id;
  }, 90_000);
  afterAll(async () => {
    await observer?.stop();
    await target?.close();
    await idp?.stop();
  });

  describe('when nobody is logged in', () => {
    test.each(writes().map(([name]) => name))(
      'when %s is called without a token, then 401 problem+json and nothing is written',
      async (name) => {
        const write = (writes().find(([n]) => n === name) as [string, Write])[1];
        const before = await snapshot();
        const response = await call(write, null);
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect((response.body as Problem).status).toBe(401);
        expect(await snapshot()).toEqual(before);
      },
    );

    test('when an anonymous write carries a broken body, then 401 rather than a hint about the body', async () => {
      const response = await observer.request('/api/v1/silences', { method: 'POST', body: '{"target": ', token: null });
      expect(response.status).toBe(401);
    });

    test.each([
      '/',
      '/api/v1/services',
      '/api/v1/services/shop',
      '/api/v1/services/shop/history',
      '/api/v1/incidents',
      '/api/v1/alerts',
      '/api/v1/events',
      '/api/v1/silences',
      '/api/v1/maintenance',
      '/api/v1/observer',
      '/api/v1/reports/performance',
    ])('when the dashboard reads %s without a token, then 200', async (path) => {
      expect((await observer.request(path, { token: null })).status).toBe(200);
    });

    test('when the dashboard opens the stream without a token, then it gets the snapshot', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.get(`${observer.url}/api/v1/stream`, (response) => {
          resolve(response.statusCode ?? 0);
          request.destroy();
        });
        request.on('error', reject);
      });
      expect(status).toBe(200);
    });
  });

  test.each([
    ['an employee', 'employee'],
    ['a manager', 'manager'],
  ] as const)('when %s calls any write route, then 403 problem+json and nothing is written', async (_what, who) => {
    for (const [name, write] of writes()) {
      const before = await snapshot();
      const response = await call(write, tokens[who]);
      expect({ name, status: response.status }).toEqual({ name, status: 403 });
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await snapshot()).toEqual(before);
    }
  });

  test('when an admin from hr writes, then silences, maintenance, events and reports work and the silence names the admin', async () => {
    const silence = await call({ method: 'POST', path: '/api/v1/silences', body: validSilence }, tokens.admin);
    expect(silence.status).toBe(201);
    expect(silence.body).toMatchObject({ target: 'shop', createdBy: 'admin@erp.example', active: true });
    const silenceId = (silence.body as { id: string }).id;
    // the open dashboard lists the silence, but not who created it
    const listed = await observer.request('/api/v1/silences', { method: 'GET', token: null });
    expect(listed.status).toBe(200);
    expect((listed.body as Array<{ id: string }>).find((s) => s.id === silenceId)).toMatchObject({ target: 'shop', active: true });
    expect(JSON.stringify(listed.body)).not.toContain('admin@erp.example');
    expect((listed.body as Array<Record<string, unknown>>).every((s) => !('createdBy' in s))).toBe(true);
    expect((await call({ method: 'DELETE', path: `/api/v1/silences/${silenceId}` }, tokens.admin)).status).toBe(204);
    expect((await snapshot()).silences.find((s) => s.id === silenceId)?.active).toBe(false);

    const window = await call({ method: 'POST', path: '/api/v1/maintenance', body: validMaintenance }, tokens.admin);
    expect(window.status).toBe(201);
    expect((await call({ method: 'DELETE', path: `/api/v1/maintenance/${(window.body as { id: string }).id}` }, tokens.admin)).status).toBe(
      204,
    );

    expect(
      (await call({ method: 'POST', path: '/api/v1/events', body: { ...validEvent, message: 'posted by an admin' } }, tokens.admin)).status,
    ).toBe(202);
    expect((await call({ method: 'POST', path: '/api/v1/reports/performance/send?period=daily' }, tokens.admin)).status).toBe(202);
  });

  test('when the watchdog posts an event with its service token, then 202 and the event is in the log', async () => {
    const response = await call(
      { method: 'POST', path: '/api/v1/events', body: { ...validEvent, message: 'posted by the watchdog account' } },
      tokens.watchdog,
    );
    expect(response.status).toBe(202);
    const events = await observer.get<{ id: string; message: string }[]>('/api/v1/events');
    expect(events.find((e) => e.id === (response.body as { id: string }).id)?.message).toBe('posted by the watchdog account');
  });

  test('when the watchdog tries silences, maintenance or a report, then 403 and nothing is written', async () => {
    const before = await snapshot();
    for (const [name, write] of writes().filter(([n]) => n !== 'POST /events')) {
      expect({ name, status: (await call(write, tokens.watchdog)).status }).toEqual({ name, status: 403 });
    }
    expect(await snapshot()).toEqual(before);
  });

  test('when another service account posts an event, then 403', async () => {
    const before = (await snapshot()).events;
    expect((await call({ method: 'POST', path: '/api/v1/events', body: validEvent }, tokens.orders)).status).toBe(403);
    expect((await snapshot()).events).toBe(before);
  });

  test('when the static OBSERVER_ADMIN_TOKEN is used next to hr, then writes still work and are attributed to it', async () => {
    const silence = await call({ method: 'POST', path: '/api/v1/silences', body: validSilence }, ADMIN_TOKEN);
    expect(silence.status).toBe(201);
    expect(silence.body).toMatchObject({ createdBy: 'observer-admin-token' });
    expect((await call({ method: 'POST', path: '/api/v1/events', body: validEvent }, ADMIN_TOKEN)).status).toBe(202);
  });

  test.each([
    ['a tampered admin token', () => tamper(tokens.admin)],
    ['a near miss of the static token', () => `${ADMIN_TOKEN.slice(0, -1)}x`],
    ['a random string', () => 'not-a-token-at-all-0123456789'],
  ])('when a write carries %s, then 401 and nothing is written', async (_what, token) => {
    const before = await snapshot();
    const response = await call({ method: 'POST', path: '/api/v1/silences', body: validSilence }, token());
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await snapshot()).toEqual(before);
  });

  test('when the OpenAPI document is read, then write routes name their roles and reads stay open', async () => {
    type Operation = { security?: unknown[]; 'x-roles'?: string[] };
    const doc = await observer.get<{ paths: Record<string, Record<string, Operation>> }>('/openapi.json');
    expect(doc.paths['/api/v1/silences']?.post?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/v1/silences/{id}']?.delete?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/v1/maintenance']?.post?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/v1/reports/performance/send']?.post?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/v1/events']?.post?.['x-roles']).toEqual(['admin', 'service:watchdog']);
    expect(doc.paths['/api/v1/events']?.post?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/services']?.get?.security).toBeUndefined();
  });

  describe('when hr cannot be reached', () => {
    let cutOff: ObserverHarness;
    beforeAll(async () => {
      cutOff = await startObserver(fastConfig([{ name: 'shop', url: target.healthUrl }]), {
        HR_URL: `http://127.0.0.1:${await closedPort()}`,
      });
      await waitFor(async () => (await cutOff.get<{ state: string }[]>('/api/v1/services'))[0]?.state === 'UP', {
        timeoutMs: 10_000,
        message: 'UP',
      });
    });
    afterAll(async () => {
      await cutOff?.stop();
    });

    test('when the static admin token is used, then writes still work (break-glass)', async () => {
      expect((await cutOff.request('/api/v1/silences', { method: 'POST', body: validSilence, token: ADMIN_TOKEN })).status).toBe(201);
    });

    test('when an hr token is used, then 503 (an hr outage is not a bad token) and nothing is written', async () => {
      const response = await cutOff.request('/api/v1/events', { method: 'POST', body: validEvent, token: tokens.admin });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await cutOff.get<unknown[]>('/api/v1/events')).toEqual([]);
    });
  });
});
