import { type SmtpSink, startSmtpSink, waitFor } from '@erp/testing';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { startSlackReceiver, type SlackReceiver } from './support/slack-receiver';

interface Service {
  name: string;
  state: string;
  degraded: boolean;
  rootCause: string | null;
}
interface Incident {
  id: string;
  cause: string;
  kind: string;
  endedAt: string | null;
  affected: { target: string }[];
  notificationsSent: number;
}

describe('alerting through real SMTP and a local Slack receiver', () => {
  let smtp: SmtpSink;
  let slack: SlackReceiver;
  let targets: FakeTarget[];
  let observer: ObserverHarness;
  const names = ['catalog', 'orders', 'inventory', 'hr', 'theme'];
  const target = (name: string) => targets.find((t) => t.name === name) as FakeTarget;
  const mailsAbout = (text: string) => smtp.mails.filter((m) => m.subject.includes(text));
  const state = async (name: string) => (await observer.get<Service[]>('/api/v1/services')).find((s) => s.name === name) as Service;
  const waitState = (name: string, wanted: string, timeoutMs = 15_000) =>
    waitFor(async () => (await state(name)).state === wanted, { timeoutMs, intervalMs: 100, message: `${name} ${wanted}` });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    slack = await startSlackReceiver();
    targets = await Promise.all(names.map((n) => startFakeTarget(n)));
    observer = await startObserver(
      fastConfig(
        names.map((name) => ({
          name,
          url: target(name).healthUrl,
          dependsOn: name === 'orders' ? ['inventory'] : [],
          labels: { team: name === 'hr' ? 'people' : 'commerce' },
        })),
      ),
      { SMTP_URL: smtp.url, ALERT_EMAIL_FROM: 'observer@erp.test', ALERT_EMAIL_TO: 'ops@erp.test', SLACK_WEBHOOK_URL: slack.url },
    );
    for (const name of names) await waitState(name, 'UP');
  });

  afterAll(async () => {
    await observer.stop();
    await Promise.all(targets.map((t) => t.close()));
    await smtp.close();
    await slack.close();
  });

  const reset = async () => {
    for (const t of targets) t.set({ kind: 'healthy' });
    for (const name of names) await waitState(name, 'UP');
    await waitFor(async () => (await observer.get<Incident[]>('/api/v1/incidents?open=true')).length === 0, {
      timeoutMs: 10_000,
      message: 'no open incidents',
    });
    await waitFor(async () => (await observer.get<{ alertsInFlight: number }>('/api/v1/observer')).alertsInFlight === 0, {
      timeoutMs: 10_000,
      message: 'alerts delivered',
    });
    smtp.mails.length = 0;
    slack.posts.length = 0;
  };

  afterEach(reset);

  test('when three targets fail together, then one grouped message names all three, by email and on Slack', async () => {
    for (const name of ['catalog', 'hr', 'theme']) target(name).set({ kind: 'failing' });
    await waitFor(() => mailsAbout('problems').length + mailsAbout('DOWN').length > 0, { timeoutMs: 15_000, message: 'down email' });
    for (const name of ['catalog', 'hr', 'theme']) await waitState(name, 'DOWN');
    const downMails = smtp.mails.filter((m) => /DOWN|problems/.test(m.subject));
    expect(downMails).toHaveLength(1);
    for (const name of ['catalog', 'hr', 'theme']) expect(downMails[0]?.text).toContain(name);
    await waitFor(() => slack.posts.length >= 1, { message: 'slack post' });
    expect(slack.posts.filter((p) => /DOWN|problems/.test(p.body.text))).toHaveLength(1);
    expect(JSON.stringify(slack.posts[0]?.body.blocks)).toContain('hr');
  });

  test('when a datastore fails in every service, then one root-cause alert names the datastore and every affected service', async () => {
    for (const t of targets) t.set({ kind: 'datastore-down', datastore: 'postgres' });
    for (const name of names) await waitState(name, 'DOWN');
    await waitFor(() => mailsAbout('check:postgres').length > 0, { timeoutMs: 10_000, message: 'root cause email' });
    expect(smtp.mails.filter((m) => /DOWN|problems/.test(m.subject))).toHaveLength(1);
    const mail = mailsAbout('check:postgres')[0];
    for (const name of names) expect(mail?.text).toContain(name);
    const services = await observer.get<Service[]>('/api/v1/services');
    expect(services.every((s) => s.rootCause === 'check:postgres')).toBe(true);
    const open = await observer.get<Incident[]>('/api/v1/incidents?open=true');
    expect(open).toHaveLength(1);
    expect(open[0]?.affected.map((a) => a.target).sort()).toEqual([...names].sort());
  });

  test('when a dependant fails while the outage of its dependency is already alerted, then its alert is suppressed and every recovery still arrives', async () => {
    target('inventory').set({ kind: 'failing' });
    await waitState('inventory', 'DOWN');
    await waitFor(() => mailsAbout('inventory').length > 0, { message: 'inventory alert' });
    target('orders').set({ kind: 'failing' });
    await waitState('orders', 'DOWN');
    expect((await state('orders')).rootCause).toBe('inventory');
    await waitFor(
      async () =>
        (await observer.get<{ outcome: string; targets: string[] }[]>('/api/v1/alerts')).some(
          (a) => a.outcome === 'suppressed' && a.targets.includes('orders'),
        ),
      { message: 'suppressed entry' },
    );
    expect(smtp.mails.filter((m) => /DOWN/.test(m.subject) && m.subject.includes('orders'))).toHaveLength(0);

    target('inventory').set({ kind: 'healthy' });
    target('orders').set({ kind: 'healthy' });
    await waitFor(
      () =>
        mailsAbout('RECOVERED').some((m) => m.text.includes('orders')) && mailsAbout('RECOVERED').some((m) => m.text.includes('inventory')),
      { timeoutMs: 15_000, message: 'both recoveries' },
    );
  });

  test('when a target answers but its p95 stays over the threshold, then it is DEGRADED with an alert naming the breach, and recovers', async () => {
    target('catalog').set({ kind: 'metrics', checks: { 'http:responseTime': 4_000 } });
    await waitFor(async () => (await state('catalog')).degraded, { timeoutMs: 10_000, message: 'degraded' });
    expect((await state('catalog')).state).toBe('UP');
    const mail = await waitFor(() => mailsAbout('DEGRADED: catalog')[0], { timeoutMs: 10_000, message: 'degraded email' });
    expect(mail.text).toContain('p95 latency 4000 ms > 1000 ms');
    target('catalog').set({ kind: 'healthy' });
    await waitFor(() => mailsAbout('RECOVERED: catalog').length > 0, { timeoutMs: 10_000, message: 'recovery' });
  });

  test('when a target flaps, then it yields at most one DOWN and one recovery for the episode', async () => {
    // fail, fail (DOWN), ok, fail, ok, fail, ok, ok … never two good polls in a row until the end.
    target('theme').set({ kind: 'flapping', pattern: [false, false, true, false, true, false, true, false] });
    await waitState('theme', 'DOWN');
    const polled = target('theme').requests();
    await waitFor(() => target('theme').requests() >= polled + 6, { timeoutMs: 15_000, message: 'six more flapping polls' });
    target('theme').set({ kind: 'healthy' });
    await waitFor(() => mailsAbout('RECOVERED').length === 1, { timeoutMs: 15_000, message: 'recovery' });
    expect(smtp.mails.filter((m) => m.subject.includes('theme') && /DOWN/.test(m.subject))).toHaveLength(1);
    expect(mailsAbout('RECOVERED')).toHaveLength(1);
  });

  test('when a target is silenced, then its outage sends nothing and the alert log shows it muted', async () => {
    const silence = await observer.request('/api/v1/silences', {
      method: 'POST',
      body: { target: 'hr', durationMinutes: 10, comment: 'planned restart' },
    });
    expect(silence.status).toBe(201);
    target('hr').set({ kind: 'failing' });
    await waitState('hr', 'DOWN');
    await waitFor(
      async () =>
        (await observer.get<{ outcome: string; targets: string[] }[]>('/api/v1/alerts')).some(
          (a) => a.outcome === 'muted' && a.targets.includes('hr'),
        ),
      { message: 'muted entry' },
    );
    expect(smtp.mails).toHaveLength(0);
    expect(slack.posts).toHaveLength(0);
    await observer.request(`/api/v1/silences/${(silence.body as { id: string }).id}`, { method: 'DELETE' });
    // The silence is over while hr is still down: now it is announced.
    await waitFor(() => mailsAbout('hr').length > 0, { message: 'alert after the silence ended' });
  });

  test('when a label is in a maintenance window, then its targets show MAINTENANCE and failures send nothing', async () => {
    const window = await observer.request('/api/v1/maintenance', {
      method: 'POST',
      body: {
        labels: { team: 'people' },
        startsAt: new Date(Date.now() - 1000).toISOString(),
        endsAt: new Date(Date.now() + 600_000).toISOString(),
        comment: 'database upgrade',
      },
    });
    expect(window.status).toBe(201);
    await waitState('hr', 'MAINTENANCE');
    target('hr').set({ kind: 'failing' });
    await waitFor(async () => ((await state('hr')) as Service & { status: string }).status === 'fail', { message: 'failing poll seen' });
    const polled = target('hr').requests();
    // More failing polls than the failure threshold, and longer than the grouping window.
    await waitFor(() => target('hr').requests() >= polled + 3, { timeoutMs: 10_000, message: 'three more failing polls' });
    expect((await state('hr')).state).toBe('MAINTENANCE');
    expect(smtp.mails).toHaveLength(0);
    const del = await observer.request(`/api/v1/maintenance/${(window.body as { id: string }).id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    await waitState('hr', 'DOWN');
  });

  test('when Slack answers 429 and the SMTP server is fine, then Slack is retried after Retry-After and email is not held up', async () => {
    slack.failNext(2, 429);
    target('catalog').set({ kind: 'failing' });
    await waitFor(() => mailsAbout('catalog').length > 0, { timeoutMs: 15_000, message: 'email' });
    await waitFor(() => slack.posts.length > 0, { timeoutMs: 15_000, message: 'slack after 429s' });
    expect(slack.rejected()).toBe(2);
    expect(mailsAbout('catalog')[0]?.at).toBeLessThan(slack.posts[0]?.at as number);
  });

  test('when Slack keeps failing, then the failure is recorded in the alert log and email still delivers', async () => {
    slack.failNext(100, 500);
    target('theme').set({ kind: 'failing' });
    await waitFor(() => mailsAbout('theme').length > 0, { timeoutMs: 15_000, message: 'email' });
    const failed = await waitFor(
      async () =>
        (await observer.get<{ channel: string; outcome: string; attempts: number; error: string }[]>('/api/v1/alerts')).find(
          (a) => a.channel === 'slack' && a.outcome === 'failed',
        ),
      { timeoutMs: 10_000, message: 'failed slack entry' },
    );
    expect(failed.attempts).toBe(3);
    expect(failed.error).toContain('500');
    slack.failNext(0, 500);
  });
});
