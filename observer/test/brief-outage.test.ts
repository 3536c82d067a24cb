import { type SmtpSink, startSmtpSink, waitFor } from '@erp/testing';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

interface Service {
  name: string;
  state: string;
  rootCause: string | null;
  failure: string | null;
}
interface Incident {
  cause: string;
  kind: string;
  endedAt: string | null;
  affected: { target: string; endedAt: string | null }[];
}

/** Outages that end before their alert would go out (a grouping window longer than the outage). */
describe('an outage that ended before its alert', () => {
  let smtp: SmtpSink;
  let inventory: FakeTarget;
  let observer: ObserverHarness;
  const service = async () => (await observer.get<Service[]>('/api/v1/services')).find((s) => s.name === 'inventory') as Service;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    inventory = await startFakeTarget('inventory');
    const config = fastConfig([{ name: 'inventory', url: inventory.healthUrl }]);
    observer = await startObserver(
      { ...config, alerting: { ...config.alerting, groupWindowSeconds: 8 } },
      { SMTP_URL: smtp.url, ALERT_EMAIL_FROM: 'observer@erp.test', ALERT_EMAIL_TO: 'ops@erp.test' },
    );
    await waitFor(async () => (await service()).state === 'UP', { timeoutMs: 15_000, message: 'inventory UP' });
  });
  afterAll(async () => {
    await observer.stop();
    await inventory.close();
    await smtp.close();
  });

  test('when a target is DOWN on its datastore and UP again before the alert goes out, then one "was DOWN" notice names the datastore, the incident is recorded closed, and no late DOWN or RECOVERED follows', async () => {
    inventory.set({ kind: 'datastore-down', datastore: 'postgres' });
    await waitFor(async () => (await service()).state === 'DOWN', { timeoutMs: 10_000, message: 'inventory DOWN' });
    expect(await service()).toMatchObject({ rootCause: 'check:postgres', failure: 'readiness' });

    inventory.set({ kind: 'healthy' });
    await waitFor(async () => (await service()).state === 'UP', { timeoutMs: 10_000, message: 'inventory UP' });
    await waitFor(() => smtp.mails.length > 0, { timeoutMs: 15_000, message: 'the notice' });
    await waitFor(async () => (await observer.get<{ alertsInFlight: number }>('/api/v1/observer')).alertsInFlight === 0, {
      timeoutMs: 10_000,
      message: 'alerts delivered',
    });

    expect(smtp.mails.map((m) => m.subject)).toEqual(['WAS DOWN: check:postgres - 1 affected']);
    expect(smtp.mails[0]?.text).toMatch(/postgres was failing for \d+ s - inventory UP again/);
    const incidents = await observer.get<Incident[]>('/api/v1/incidents');
    expect(incidents).toEqual([
      expect.objectContaining({
        kind: 'down',
        cause: 'check:postgres',
        endedAt: expect.any(String),
        affected: [expect.objectContaining({ target: 'inventory', endedAt: expect.any(String) })],
      }),
    ]);
  });
});
