import http from 'node:http';
import { type SmtpSink, startSmtpSink, waitFor } from '@erp/testing';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { startSlackReceiver, type SlackReceiver } from './support/slack-receiver';

interface AlertEntry {
  channel: string;
  kind: string;
  outcome: string;
  incidentIds: string[];
  targets: string[];
}
interface Incident {
  id: string;
  cause: string;
  endedAt: string | null;
  notificationsSent: number;
}

describe('the alert log: every delivery outcome, written by the delivery stage', () => {
  let smtp: SmtpSink;
  let slack: SlackReceiver;
  let target: FakeTarget;
  let observer: ObserverHarness;
  const stream: { type: string; data: Record<string, unknown> }[] = [];
  let request: http.ClientRequest | undefined;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    slack = await startSlackReceiver();
    target = await startFakeTarget('catalog');
    observer = await startObserver(fastConfig([{ name: 'catalog', url: target.healthUrl }]), {
      SMTP_URL: smtp.url,
      ALERT_EMAIL_FROM: 'observer@erp.test',
      ALERT_EMAIL_TO: 'ops@erp.test',
      SLACK_WEBHOOK_URL: slack.url,
    });
    request = http.get(`${observer.url}/api/v1/stream`, (response) => {
      let buffer = '';
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) stream.push({ type, data: JSON.parse(data) as Record<string, unknown> });
        }
      });
    });
    await waitFor(async () => (await observer.get<{ state: string }[]>('/api/v1/services'))[0]?.state === 'UP', {
      timeoutMs: 15_000,
      message: 'catalog UP',
    });
  });

  afterAll(async () => {
    request?.destroy();
    await observer.stop();
    await target.close();
    await smtp.close();
    await slack.close();
  });

  test('when a DOWN alert is sent by email and fails on Slack, then each outcome is one log line, on the stream too, and only the sent one counts on the incident; the recovery counts once more', async () => {
    slack.failNext(100, 500);
    target.set({ kind: 'failing' });
    const [incident] = await waitFor(
      async () => {
        const open = await observer.get<Incident[]>('/api/v1/incidents?open=true');
        return open.length === 1 && open[0]?.notificationsSent === 1 ? open : undefined;
      },
      { timeoutMs: 15_000, message: 'an open incident with one notification' },
    );
    const entries = await waitFor(
      async () => {
        const list = await observer.get<AlertEntry[]>('/api/v1/alerts');
        return list.some((a) => a.channel === 'slack') ? list : undefined;
      },
      { timeoutMs: 15_000, message: 'the slack outcome logged' },
    );
    expect(entries.map((a) => [a.kind, a.channel, a.outcome]).sort()).toEqual([
      ['down', 'email', 'sent'],
      ['down', 'slack', 'failed'],
    ]);
    for (const entry of entries) expect(entry.incidentIds).toEqual([incident?.id]);
    expect(
      stream
        .filter((e) => e.type === 'alert')
        .map((e) => [e.data.channel, e.data.outcome])
        .sort(),
    ).toEqual([
      ['email', 'sent'],
      ['slack', 'failed'],
    ]);
    expect(stream.filter((e) => e.type === 'incident' && e.data.id === incident?.id).length).toBeGreaterThanOrEqual(1);

    slack.failNext(0, 500);
    target.set({ kind: 'healthy' });
    const closed = await waitFor(
      async () => {
        const found = await observer.get<Incident>(`/api/v1/incidents/${incident?.id}`);
        return found.endedAt !== null && found.notificationsSent === 3 ? found : undefined;
      },
      { timeoutMs: 15_000, message: 'the recovery counted on the closed incident (email and Slack)' },
    );
    expect(closed.cause).toBe('catalog');
    await waitFor(async () => (await observer.get<{ alertsInFlight: number }>('/api/v1/observer')).alertsInFlight === 0, {
      timeoutMs: 10_000,
      message: 'alerts delivered',
    });
    const recoveries = (await observer.get<AlertEntry[]>('/api/v1/alerts')).filter((a) => a.kind === 'recovery');
    expect(recoveries.map((a) => [a.channel, a.outcome]).sort()).toEqual([
      ['email', 'sent'],
      ['slack', 'sent'],
    ]);
    expect(smtp.mails.map((m) => m.subject)).toEqual(['DOWN: catalog', 'RECOVERED: catalog']);
  });
});
