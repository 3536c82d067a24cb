import http from 'node:http';
import { type SmtpSink, startSmtpSink, waitFor } from '@erp/testing';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

interface Problem {
  type: string;
  status: number;
  errors?: { field: string }[];
  detail?: string;
}

describe('observer API', () => {
  let target: FakeTarget;
  let smtp: SmtpSink;
  let observer: ObserverHarness;
  const validEvent = { source: 'watchdog', kind: 'restart', target: 'shop', severity: 'info', message: 'restarted after 3 failed probes' };

  beforeAll(async () => {
    target = await startFakeTarget('shop');
    smtp = await startSmtpSink();
    observer = await startObserver(
      fastConfig([{ name: 'shop', url: target.healthUrl, labels: { team: 'web' } }], {
        alerting: { groupWindowSeconds: 0, reminderIntervalSeconds: 2, retryAttempts: 2, retryInitialDelayMs: 50 },
      }),
      {
        SMTP_URL: smtp.url,
        ALERT_EMAIL_TO: 'ops@erp.test',
        ALERT_EMAIL_FROM: 'observer@erp.test',
      },
    );
    await waitFor(async () => (await observer.get<{ state: string }[]>('/api/v1/services'))[0]?.state === 'UP', {
      timeoutMs: 10_000,
      message: 'UP',
    });
  });
  afterAll(async () => {
    await observer.stop();
    await target.close();
    await smtp.close();
  });

  test('when services are listed, then each carries the fields the watchdog relies on', async () => {
    const [service] = await observer.get<Record<string, unknown>[]>('/api/v1/services');
    expect(service).toMatchObject({
      name: 'shop',
      url: target.healthUrl,
      state: 'UP',
      degraded: false,
      status: 'pass',
      dependsOn: [],
      rootCause: null,
      labels: { team: 'web' },
    });
    expect(Object.keys(service?.uptime as object).sort()).toEqual(['24h', '30d', '7d']);
    expect(typeof service?.latencyMs).toBe('number');
    expect(typeof service?.lastCheckAt).toBe('string');
    expect(typeof service?.since).toBe('string');
  });

  test('when an unknown service is asked for, then 404 problem+json', async () => {
    const response = await observer.request('/api/v1/services/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  test('when the dashboard and the OpenAPI document are fetched, then both are served', async () => {
    const page = await observer.request('/');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<title>Overview · ERP Observer</title>');
    expect((await observer.request('/js/overview.js')).status).toBe(200);
    const openapi = await observer.get<{ paths: Record<string, unknown> }>('/openapi.json');
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/services', '/api/v1/events', '/api/v1/silences', '/api/v1/stream']),
    );
  });

  describe('POST /api/v1/events', () => {
    test('when a valid event is posted with the admin token, then 202 and it is in the event log', async () => {
      const response = await observer.request('/api/v1/events', { method: 'POST', body: validEvent });
      expect(response.status).toBe(202);
      const events = await observer.get<{ id: string; kind: string }[]>('/api/v1/events');
      expect(events[0]).toMatchObject({ id: (response.body as { id: string }).id, kind: 'restart', source: 'watchdog' });
    });

    test('when a critical event is posted, then an alert email arrives', async () => {
      const response = await observer.request('/api/v1/events', {
        method: 'POST',
        body: { ...validEvent, kind: 'gave-up', severity: 'critical', message: 'gave up after 5 restarts', data: { restarts: 5 } },
      });
      expect(response.status).toBe(202);
      await waitFor(() => smtp.mails.some((m) => m.subject.includes('gave-up')), { message: 'critical event email' });
    });

    test.each([
      ['no token', { token: null }, 401],
      ['a wrong token', { token: 'x'.repeat(27) }, 401],
    ])('when it is posted with %s, then 401', async (_what, init, status) => {
      const response = await observer.request('/api/v1/events', { method: 'POST', body: validEvent, ...init });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });

    test.each([
      ['a wrong type', { ...validEvent, severity: 3 }, 'severity'],
      ['an unknown severity', { ...validEvent, severity: 'fatal' }, 'severity'],
      ['a missing field', { source: 'watchdog', kind: 'restart', severity: 'info', message: 'x' }, 'target'],
      ['an unknown field', { ...validEvent, colour: 'red' }, ''],
      ['a huge string', { ...validEvent, message: 'x'.repeat(5000) }, 'message'],
      ['a bad date', { ...validEvent, at: 'yesterday' }, 'at'],
    ])('when the body has %s, then 400 naming the field', async (_what, body, field) => {
      const response = await observer.request('/api/v1/events', { method: 'POST', body });
      expect(response.status).toBe(400);
      const problem = response.body as Problem;
      expect(problem.errors?.length).toBeGreaterThan(0);
      if (field) expect(problem.errors?.map((e) => e.field)).toEqual(expect.arrayContaining([expect.stringContaining(field)]));
    });

    test('when the body is not valid JSON, then 400', async () => {
      expect((await observer.request('/api/v1/events', { method: 'POST', body: '{"source": ' })).status).toBe(400);
    });

    test('when the body is too large, then 413', async () => {
      const response = await observer.request('/api/v1/events', {
        method: 'POST',
        body: { ...validEvent, data: { blob: 'x'.repeat(200_000) } },
      });
      expect(response.status).toBe(413);
    });

    test('when the content type is not JSON, then 415', async () => {
      const response = await observer.request('/api/v1/events', {
        method: 'POST',
        body: 'source=watchdog',
        headers: { 'content-type': 'text/plain' },
      });
      expect(response.status).toBe(415);
    });

    test('when an event is rejected, then nothing is stored', async () => {
      const before = (await observer.get<unknown[]>('/api/v1/events')).length;
      await observer.request('/api/v1/events', { method: 'POST', body: { ...validEvent, severity: 'fatal' } });
      expect((await observer.get<unknown[]>('/api/v1/events')).length).toBe(before);
    });
  });

  describe('silences and maintenance', () => {
    test.each([
      ['neither target nor labels', { durationMinutes: 5, comment: 'x' }, 400],
      [
        'both expiry forms',
        { target: 'shop', durationMinutes: 5, expiresAt: new Date(Date.now() + 60_000).toISOString(), comment: 'x' },
        400,
      ],
      ['an empty comment', { target: 'shop', durationMinutes: 5, comment: '  ' }, 400],
      ['an unknown target', { target: 'ghost', durationMinutes: 5, comment: 'x' }, 422],
      [
        'an expiry before the start',
        { target: 'shop', startsAt: new Date().toISOString(), expiresAt: new Date(Date.now() - 60_000).toISOString(), comment: 'x' },
        422,
      ],
    ])('when a silence has %s, then it is refused', async (_what, body, status) => {
      const response = await observer.request('/api/v1/silences', { method: 'POST', body });
      expect(response.status).toBe(status);
    });

    test.each([
      ['a one-off window without an end', { target: 'shop', startsAt: new Date().toISOString(), comment: 'x' }],
      [
        'an end before the start',
        { target: 'shop', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() - 1000).toISOString(), comment: 'x' },
      ],
      ['a bad recurrence time', { target: 'shop', recurrence: { daysOfWeek: [1], startTime: '25:00', durationMinutes: 30 }, comment: 'x' }],
      ['a bad weekday', { target: 'shop', recurrence: { daysOfWeek: [7], startTime: '02:00', durationMinutes: 30 }, comment: 'x' }],
    ])('when a maintenance window has %s, then 400', async (_what, body) => {
      expect((await observer.request('/api/v1/maintenance', { method: 'POST', body })).status).toBe(400);
    });

    test('when a recurring window is created, then it is listed with its recurrence', async () => {
      const created = await observer.request('/api/v1/maintenance', {
        method: 'POST',
        body: {
          labels: { team: 'web' },
          recurrence: { daysOfWeek: [0], startTime: '03:00', durationMinutes: 60 },
          comment: 'weekly patching',
        },
      });
      expect(created.status).toBe(201);
      const list = await observer.get<{ id: string; recurrence: unknown }[]>('/api/v1/maintenance');
      expect(list.find((m) => m.id === (created.body as { id: string }).id)?.recurrence).toEqual({
        daysOfWeek: [0],
        startTime: '03:00',
        durationMinutes: 60,
      });
      expect((await observer.request(`/api/v1/maintenance/${(created.body as { id: string }).id}`, { method: 'DELETE' })).status).toBe(204);
    });

    test('when an unknown or malformed id is deleted, then 404 or 400', async () => {
      expect((await observer.request('/api/v1/silences/6f1c1d5e-0000-4000-8000-000000000000', { method: 'DELETE' })).status).toBe(404);
      expect((await observer.request('/api/v1/maintenance/not-a-uuid', { method: 'DELETE' })).status).toBe(400);
      expect(
        (await observer.request('/api/v1/silences/6f1c1d5e-0000-4000-8000-000000000000', { method: 'DELETE', token: null })).status,
      ).toBe(401);
    });
  });

  test('when history is asked for with a bad resolution, then 400', async () => {
    expect((await observer.request('/api/v1/services/shop/history?resolution=5m')).status).toBe(400);
    expect((await observer.request('/api/v1/services/shop/history?surprise=1')).status).toBe(400);
  });

  test('when a target goes down, then the stream sends the state change and reminders come at the configured interval', async () => {
    const events: { type: string; data: Record<string, unknown> }[] = [];
    const request = http.get(`${observer.url}/api/v1/stream`, (response) => {
      let buffer = '';
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
          end = buffer.indexOf('\n\n');
        }
      });
    });
    try {
      await waitFor(() => events.some((e) => e.type === 'snapshot'), { message: 'snapshot' });
      target.set({ kind: 'failing' });
      const down = await waitFor(() => events.find((e) => e.type === 'state' && e.data.to === 'DOWN'), {
        timeoutMs: 10_000,
        message: 'DOWN on the stream',
      });
      expect(down.data).toMatchObject({ name: 'shop', from: 'PENDING', to: 'DOWN', rootCause: null });
      expect(events.some((e) => e.type === 'sample')).toBe(true);
      await waitFor(() => smtp.mails.some((m) => m.subject.startsWith('DOWN: shop')), { timeoutMs: 10_000, message: 'down email' });
      // the incident is announced once it is stored: a page reloading its lists on this event finds it
      const opened = await waitFor(() => events.find((e) => e.type === 'incident' && e.data.ended === false), {
        timeoutMs: 10_000,
        message: 'incident on the stream',
      });
      const stored = await observer.get<{ id: string }[]>('/api/v1/incidents?limit=50');
      expect(stored.map((i) => i.id)).toContain(opened.data.id);
      const reminders = await waitFor(
        () => {
          const list = smtp.mails.filter((m) => m.subject.startsWith('Still failing: shop'));
          return list.length >= 2 ? list : null;
        },
        { timeoutMs: 15_000, message: 'two reminders' },
      );
      // Reminders are spaced by the interval (2 s), not sent on every tick.
      expect((reminders[1]?.at as number) - (reminders[0]?.at as number)).toBeGreaterThanOrEqual(1_500);
    } finally {
      request.destroy();
      target.set({ kind: 'healthy' });
    }
    await waitFor(() => smtp.mails.some((m) => m.subject.startsWith('RECOVERED: shop')), { timeoutMs: 10_000, message: 'recovery email' });
  });

  test('when the performance report is asked for, then it lists each service with uptime, p95 and recommendations', async () => {
    const report = await observer.get<{
      period: string;
      services: { name: string; p95Ms: number | null; uptimePercent: number | null }[];
      recommendations: string[];
      incidents: { total: number };
    }>('/api/v1/reports/performance?period=daily');
    expect(report.period).toBe('daily');
    expect(report.services[0]?.name).toBe('shop');
    expect(report.services[0]?.p95Ms).not.toBeNull();
    expect(report.services[0]?.uptimePercent).toBeLessThan(100);
    expect(report.incidents.total).toBeGreaterThanOrEqual(1);
    expect(report.recommendations.some((r) => r.startsWith('shop: available'))).toBe(true);
    const sent = await observer.request('/api/v1/reports/performance/send?period=weekly', { method: 'POST' });
    expect(sent.status).toBe(202);
    await waitFor(() => smtp.mails.some((m) => m.subject.startsWith('Weekly performance report')), { message: 'report email' });
  });
});
