import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { collectPageErrors, launchChromium, seriousAxeFindings, startSmtpSink, waitFor, type SmtpSink } from '@erp/testing';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import fc from 'fast-check';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { maintenancePeriods } from '../src/domain/incident-detail.use-case';
import { startFakeTarget, type FakeTarget } from './support/fake-target';

interface Incident {
  id: string;
  kind: 'down' | 'degraded';
  cause: string;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number;
  affected: { target: string; since: string; endedAt: string | null; mutedBy: string | null; announced: boolean }[];
  notificationsSent: number;
}

interface IncidentDetail {
  incident: Incident;
  targets: string[];
  stateChanges: { at: string; target: string; from: string; to: string; rootCause: string | null }[];
  notifications: {
    at: string;
    kind: string;
    channel: string;
    outcome: string;
    attempts: number;
    error: string | null;
    mutedBy: string | null;
  }[];
  watchdogActions: { at: string; source: string; kind: string; target: string; message: string }[];
  mutes: {
    type: string;
    id: string;
    target: string | null;
    comment: string;
    targets: string[];
    periods: { from: string; to: string }[];
    alertsMuted: number;
  }[];
}

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The accessible name the timeline gives a bar, as the page words it (local time of this machine, as Chromium's). */
function barName(target: string, kind: string, since: string, endedAt: string): string {
  const hm = (iso: string) => {
    const d = new Date(iso);
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  };
  const seconds = Math.round((Date.parse(endedAt) - Date.parse(since)) / 1000);
  const duration = seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  return `${target} ${kind} ${hm(since)}–${hm(endedAt)}, ${duration}`;
}

/** The accessible name (aria-label) of the element that has the keyboard focus. */
function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    // evaluated in the page (this file is compiled without the DOM library)
    const { document } = globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } };
    return document.activeElement?.getAttribute('aria-label') ?? null;
  });
}

/** Whether `wanted` appears in `list` in this order (other entries may come between). */
function inOrder<T>(list: T[], wanted: T[]): boolean {
  let next = 0;
  for (const item of list) if (next < wanted.length && JSON.stringify(item) === JSON.stringify(wanted[next])) next += 1;
  return next === wanted.length;
}

describe('the incidents pages: a timeline across the fleet and the detail of each incident', () => {
  let smtp: SmtpSink;
  let billing: FakeTarget;
  let search: FakeTarget;
  let ledger: FakeTarget;
  let observer: ObserverHarness;
  let silenceId: string;
  let billingIncident: Incident;
  let searchIncident: Incident;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  const incidents = (query = '') => observer.get<Incident[]>(`/api/v1/incidents${query}`);
  const detail = (id: string) => observer.get<IncidentDetail>(`/api/v1/incidents/${id}/detail`);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    [billing, search, ledger] = await Promise.all([startFakeTarget('billing'), startFakeTarget('search'), startFakeTarget('ledger')]);
    observer = await startObserver(
      fastConfig([
        { name: 'billing', url: billing.healthUrl },
        { name: 'search', url: search.healthUrl, labels: { team: 'discovery' } },
        { name: 'ledger', url: ledger.healthUrl },
      ]),
      { SMTP_URL: smtp.url, ALERT_EMAIL_FROM: 'observer@erp.test', ALERT_EMAIL_TO: 'ops@erp.test' },
    );
    await waitFor(async () => (await observer.get<{ state: string }[]>('/api/v1/services')).every((s) => s.state === 'UP'), {
      timeoutMs: 15_000,
      message: 'every target UP',
    });

    // search is silenced (by its label); billing is not.
    const silence = await observer.request('/api/v1/silences', {
      method: 'POST',
      body: { labels: { team: 'discovery' }, durationMinutes: 60, comment: 'search reindex' },
    });
    expect(silence.status).toBe(201);
    silenceId = (silence.body as { id: string }).id;
    await waitFor(async () => (await observer.get<{ id: string }[]>('/api/v1/silences')).some((s) => s.id === silenceId), {
      timeoutMs: 5_000,
      message: 'silence listed',
    });

    billing.set({ kind: 'failing' });
    search.set({ kind: 'failing' });
    billingIncident = await waitFor(async () => (await incidents('?target=billing&open=true')).find((i) => i.notificationsSent >= 1), {
      timeoutMs: 20_000,
      message: 'billing DOWN alerted',
    });
    await waitFor(() => smtp.mails.some((m) => m.subject === 'DOWN: billing'), { timeoutMs: 10_000, message: 'the DOWN mail' });
    const restart = await observer.request('/api/v1/events', {
      method: 'POST',
      body: { source: 'watchdog', kind: 'restart', target: 'billing', severity: 'warning', message: 'restarted billing (attempt 1)' },
    });
    expect(restart.status).toBe(202);
    searchIncident = await waitFor(async () => (await incidents('?target=search&open=true'))[0], {
      timeoutMs: 20_000,
      message: 'search incident recorded',
    });

    billing.set({ kind: 'healthy' });
    search.set({ kind: 'healthy' });
    await waitFor(async () => (await incidents('?open=true')).length === 0, { timeoutMs: 20_000, message: 'both incidents closed' });
    await waitFor(
      async () =>
        smtp.mails.some((m) => m.subject === 'RECOVERED: billing') &&
        (await observer.get<{ alertsInFlight: number }>('/api/v1/observer')).alertsInFlight === 0,
      { timeoutMs: 15_000, message: 'the recovery mailed, nothing in flight' },
    );
    billingIncident = await observer.get<Incident>(`/api/v1/incidents/${billingIncident.id}`);
    searchIncident = await observer.get<Incident>(`/api/v1/incidents/${searchIncident.id}`);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await observer?.stop();
    await Promise.all([billing, search, ledger].map((t) => t?.close()));
    await smtp?.close();
  });

  test('the detail API returns the state changes, the email notifications, the watchdog action and the duration of an outage', async () => {
    const { incident, targets, stateChanges, notifications, watchdogActions, mutes } = await detail(billingIncident.id);
    expect(incident).toEqual(billingIncident);
    expect(incident).toMatchObject({ kind: 'down', cause: 'billing' });
    expect(incident.endedAt).not.toBeNull();
    expect(incident.durationSeconds).toBeCloseTo((Date.parse(incident.endedAt as string) - Date.parse(incident.startedAt)) / 1000, 3);
    expect(incident.durationSeconds).toBeGreaterThan(0);
    expect(targets).toEqual(['billing']);

    expect(stateChanges.every((s) => s.target === 'billing')).toBe(true);
    const changes = stateChanges.map((s) => [s.from, s.to]);
    expect(
      inOrder(changes, [
        ['UP', 'PENDING'],
        ['PENDING', 'DOWN'],
        ['DOWN', 'UP'],
      ]),
    ).toBe(true);
    const times = stateChanges.map((s) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const down = stateChanges.find((s) => s.to === 'DOWN');
    expect(Date.parse(down?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(incident.startedAt));

    expect(notifications.map((n) => [n.kind, n.channel, n.outcome])).toEqual([
      ['down', 'email', 'sent'],
      ['recovery', 'email', 'sent'],
    ]);
    for (const n of notifications) expect(n).toMatchObject({ attempts: 1, error: null, mutedBy: null });

    expect(watchdogActions).toEqual([
      expect.objectContaining({ source: 'watchdog', kind: 'restart', target: 'billing', message: 'restarted billing (attempt 1)' }),
    ]);
    expect(mutes).toEqual([]);
  });

  test('the detail of a silenced outage names the silence that applied and the alert it muted, and nothing was sent', async () => {
    const { incident, notifications, mutes, watchdogActions } = await detail(searchIncident.id);
    expect(incident).toMatchObject({ kind: 'down', cause: 'search' });
    expect(incident.endedAt).not.toBeNull();
    expect(notifications.length).toBeGreaterThanOrEqual(1);
    expect(notifications.every((n) => n.outcome === 'muted' && n.channel === '-' && n.mutedBy === `silence:${silenceId}`)).toBe(true);
    expect(mutes).toEqual([
      expect.objectContaining({
        type: 'silence',
        id: silenceId,
        target: null,
        comment: 'search reindex',
        targets: ['search'],
        alertsMuted: notifications.length,
        periods: [{ from: incident.startedAt, to: incident.endedAt }],
      }),
    ]);
    expect(watchdogActions).toEqual([]);
    expect(smtp.mails.map((m) => m.subject).filter((s) => s.includes('search'))).toEqual([]);
  });

  test('the list filters by range, target, state and kind, and pages by keyset with a Link to the next page', async () => {
    const both = [billingIncident.id, searchIncident.id].sort();
    expect((await incidents('?open=false')).map((i) => i.id).sort()).toEqual(both);
    expect(await incidents('?open=true')).toEqual([]);
    expect((await incidents('?kind=down')).map((i) => i.id).sort()).toEqual(both);
    expect(await incidents('?kind=degraded')).toEqual([]);
    expect((await incidents('?target=billing')).map((i) => i.id)).toEqual([billingIncident.id]);
    expect(await incidents('?target=ledger')).toEqual([]);
    const started = Math.min(Date.parse(billingIncident.startedAt), Date.parse(searchIncident.startedAt));
    const ended = Math.max(Date.parse(billingIncident.endedAt as string), Date.parse(searchIncident.endedAt as string));
    const at = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    expect((await incidents(`?from=${at(started - 3_600_000)}`)).map((i) => i.id).sort()).toEqual(both);
    expect(await incidents(`?from=${at(ended + 1_000)}`)).toEqual([]);
    expect(await incidents(`?from=${at(started - 3_600_000)}&to=${at(started)}`)).toEqual([]);

    const first = await observer.request('/api/v1/incidents?open=false&limit=1');
    expect(first.status).toBe(200);
    const [newest] = first.body as Incident[];
    const link = first.headers.get('link') ?? '';
    expect(link).toMatch(/^<\/api\/v1\/incidents\?[^>]+>; rel="next"$/);
    const next = new URL(/<([^>]+)>/.exec(link)?.[1] ?? '', observer.url);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      open: 'false',
      before: newest?.startedAt,
      beforeId: newest?.id,
      limit: '1',
    });
    const second = await observer.request(next.pathname + next.search);
    const [older] = second.body as Incident[];
    expect([newest?.id, older?.id].sort()).toEqual(both);
    expect(Date.parse(older?.startedAt ?? '')).toBeLessThanOrEqual(Date.parse(newest?.startedAt ?? ''));
    const third = await observer.request(
      `/api/v1/incidents?before=${at(Date.parse(older?.startedAt ?? ''))}&beforeId=${older?.id}&limit=1`,
    );
    expect(third.body).toEqual([]);
    expect(third.headers.get('link')).toBeNull();
  });

  test('bad ids and parameters are 4xx problem+json naming the field; generated query strings never get a 5xx', async () => {
    const expectProblem = async (path: string, status: number, field?: string) => {
      const response = await observer.request(path);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      if (field) expect(response.body).toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    };
    await expectProblem('/api/v1/incidents/not-an-id/detail', 400, 'id');
    await expectProblem(`/api/v1/incidents/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/detail`, 404);
    await expectProblem('/api/v1/incidents?from=2026-12-02T10:00:00Z&to=2026-12-02T09:00:00Z', 400, 'to');
    await expectProblem(`/api/v1/incidents?beforeId=${billingIncident.id}`, 400, 'beforeId');
    await expectProblem('/api/v1/incidents?from=0000-01-01T00:00:00Z', 400, 'from');
    await expectProblem('/api/v1/incidents?kind=up', 400, 'kind');
    await expectProblem('/api/v1/incidents?target=..%2Fetc', 400, 'target');
    await expectProblem('/api/v1/incidents?page=2', 400);

    const valid: Record<string, string[]> = {
      open: ['true', 'false'],
      from: ['2026-01-01T00:00:00Z', new Date().toISOString(), '1970-01-01T00:00:00+00:00'],
      to: ['2030-01-01T00:00:00.000+02:00', '9999-12-31T23:59:59Z'],
      target: ['billing', 'check:postgres', 'search'],
      kind: ['down', 'degraded'],
      before: [billingIncident.startedAt, '2100-01-01T00:00:00Z'],
      beforeId: [billingIncident.id],
      limit: ['1', '1000', '25'],
    };
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '',
        ' ',
        '-1',
        '0',
        '1e309',
        'NaN',
        'null',
        '[]',
        '{}',
        '\u0000',
        '%00',
        '\ud800',
        '2026-02-30T00:00:00Z',
        "' OR 1=1 --",
      ),
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.uuid(),
      fc.integer().map(String),
    );
    const key = fc.oneof(fc.constantFrom(...Object.keys(valid)), fc.constantFrom('page', 'cursor', 'open[]'), fc.string({ maxLength: 8 }));
    const entry = key.chain((k) =>
      fc.tuple(fc.constant(k), fc.oneof(fc.constantFrom(...(Object.hasOwn(valid, k) ? (valid[k] as string[]) : [''])), hostile)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 6 }), async (entries) => {
        const search = new URLSearchParams(entries).toString();
        const response = await observer.request(`/api/v1/incidents?${search}`);
        if (response.status === 200) return Array.isArray(response.body);
        return (
          response.status >= 400 &&
          response.status < 500 &&
          /^application\/problem\+json/.test(response.headers.get('content-type') ?? '') &&
          typeof (response.body as { detail?: unknown }).detail === 'string'
        );
      }),
      { numRuns: 250 },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.uuid()), async (id) => {
        const response = await observer.request(`/api/v1/incidents/${encodeURIComponent(id)}/detail`);
        return (
          (response.status === 400 || response.status === 404) &&
          /^application\/problem\+json/.test(response.headers.get('content-type') ?? '')
        );
      }),
      { numRuns: 100 },
    );
  });

  test('every API the pages call is in the OpenAPI document, with the new filters', async () => {
    const document = (await (await fetch(`${observer.url}/openapi.json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[]; security?: unknown[] } }>;
    };
    const list = document.paths['/api/v1/incidents']?.get;
    expect(list?.parameters?.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining(['open', 'from', 'to', 'target', 'kind', 'before', 'beforeId', 'limit']),
    );
    const detailRoute = document.paths['/api/v1/incidents/{id}/detail']?.get;
    expect(detailRoute?.parameters?.map((p) => [p.name, p.in])).toEqual([['id', 'path']]);
    for (const path of ['/api/v1/incidents', '/api/v1/incidents/{id}/detail', '/api/v1/services', '/api/v1/stream'])
      expect(document.paths[path]?.get?.security ?? []).toEqual([]);
  });

  describe('in Chromium', () => {
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      browser = await launchChromium();
      context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 860 } });
      page = await context.newPage();
      errors = collectPageErrors(page);
      await mkdir(SCREENSHOTS, { recursive: true });
    }, 30_000);

    test('the timeline shows each outage as a bar named after it, reachable with Tab and opened with Enter; the detail page shows every section', async () => {
      const response = await page.goto(`${observer.url}/incidents.html`);
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
      const member = billingIncident.affected.find((a) => a.target === 'billing');
      const name = barName('billing', 'DOWN', member?.since ?? '', member?.endedAt ?? '');
      const bar = page.getByRole('link', { name, exact: true });
      await bar.waitFor({ timeout: 10_000 });
      expect(await bar.getAttribute('href')).toBe(`/incident.html?id=${billingIncident.id}`);
      const searchMember = searchIncident.affected.find((a) => a.target === 'search');
      await page
        .getByRole('link', { name: barName('search', 'DOWN', searchMember?.since ?? '', searchMember?.endedAt ?? ''), exact: true })
        .waitFor({ timeout: 5_000 });
      expect(await page.locator('.lane .lane-name').allTextContents()).toEqual(['billing', 'search']);
      // the list below: both incidents, one page
      await page.locator('#list tbody tr').nth(1).waitFor({ timeout: 5_000 });
      expect(await page.locator('#list tbody tr').count()).toBe(2);
      expect(await page.locator('#older').isDisabled()).toBe(true);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'incidents-light.png'), fullPage: true });

      let focused: string | null = null;
      for (let presses = 0; presses < 60 && focused !== name; presses += 1) {
        await page.keyboard.press('Tab');
        focused = await focusedLabel(page);
      }
      expect(focused).toBe(name);
      await Promise.all([page.waitForURL(`**/incident.html?id=${billingIncident.id}`), page.keyboard.press('Enter')]);

      await page.locator('#section-mutes').waitFor({ timeout: 10_000 });
      expect(await page.locator('h1').textContent()).toBe('Incident DOWN: billing');
      expect(await page.locator('main section h2').allTextContents()).toEqual([
        'Summary',
        'Affected targets',
        'State changes',
        'Notifications',
        'Watchdog actions',
        'Silences and maintenance that applied',
      ]);
      const text = (id: string) => page.locator(`#section-${id}`).innerText();
      expect(await text('summary')).toMatch(/Duration\s+\d+ s/);
      expect(await text('state-changes')).toContain('PENDING → DOWN');
      expect(await text('state-changes')).toContain('DOWN → UP');
      expect(await page.locator('#section-notifications tbody tr').count()).toBe(2);
      expect(await text('notifications')).toMatch(/down\s+email\s+sent/);
      expect(await text('watchdog')).toContain('restarted billing (attempt 1)');
      expect(await text('mutes')).toContain('No silence or maintenance window applied.');
      expect(await page.locator('#section-affected a[href="/target.html?name=billing"]').count()).toBe(1);
      expect(await page.locator('#section-state-changes time').count()).toBeGreaterThanOrEqual(3);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'incident-light.png'), fullPage: true });

      await page.goto(`${observer.url}/incident.html?id=${searchIncident.id}`);
      await page.locator('#section-mutes tbody tr').waitFor({ timeout: 10_000 });
      expect(await text('mutes')).toContain('search reindex');
      expect(await text('mutes')).toContain('team=discovery');
      expect(await text('notifications')).toContain(`muted (silence:${silenceId})`);
      expect(errors).toEqual([]);
    });

    test('an unknown incident is said so on the page', async () => {
      const other = await context!.newPage();
      await other.goto(`${observer.url}/incident.html?id=00000000-0000-4000-8000-000000000000`);
      await other.locator('#content .notice.error').waitFor({ timeout: 10_000 });
      expect(await other.locator('#content .notice.error').textContent()).toMatch(/^Could not load the incident: .*not found/i);
      await other.goto(`${observer.url}/incident.html`);
      expect(await other.locator('#content .notice.error').textContent()).toBe('No incident given: open one from the list of incidents.');
      await other.close();
    });

    test('live: a new outage appears on the open timeline from the stream, without a reload', async () => {
      await page.goto(`${observer.url}/incidents.html?range=7d`);
      await page.locator('.lane').nth(1).waitFor({ timeout: 10_000 });
      expect(await page.locator('#range').inputValue()).toBe('7d');
      const closedLedgerBars = page.locator('a.bar:not(.open)[aria-label^="ledger DOWN "]');
      expect(await closedLedgerBars.count()).toBe(0);
      // a keyboard user on a bar keeps the focus through live refreshes
      const billingBar = page.locator('a.bar[aria-label^="billing DOWN "]');
      await billingBar.focus();
      const billingName = await billingBar.getAttribute('aria-label');
      ledger.set({ kind: 'failing' });
      const live = page.locator('a.bar.open[aria-label^="ledger DOWN "]');
      await live.waitFor({ timeout: 20_000 });
      expect(await live.getAttribute('aria-label')).toMatch(/^ledger DOWN \d\d:\d\d–now, \d+ s, ongoing$/);
      expect(await focusedLabel(page)).toBe(billingName);
      expect(UUID.test(new URL(`${observer.url}${await live.getAttribute('href')}`).searchParams.get('id') ?? '')).toBe(true);
      ledger.set({ kind: 'healthy' });
      await closedLedgerBars.waitFor({ timeout: 20_000 });
      expect(await live.count()).toBe(0);
      expect(errors).toEqual([]);
    });
  });

  test('a maintenance window that starts during an outage ends it and is listed as applied, with the state change it made', async () => {
    ledger.set({ kind: 'failing' });
    const open = await waitFor(async () => (await incidents('?target=ledger&open=true'))[0], {
      timeoutMs: 20_000,
      message: 'ledger incident open',
    });
    const created = await observer.request('/api/v1/maintenance', {
      method: 'POST',
      body: {
        target: 'ledger',
        startsAt: new Date(Date.now() - 2_000).toISOString(),
        endsAt: new Date(Date.now() + 600_000).toISOString(),
        comment: 'ledger migration',
      },
    });
    expect(created.status).toBe(201);
    const windowId = (created.body as { id: string }).id;
    const closed = await waitFor(
      async () => {
        const found = await observer.get<Incident>(`/api/v1/incidents/${open.id}`);
        return found.endedAt ? found : undefined;
      },
      { timeoutMs: 10_000, message: 'the window ends the outage' },
    );
    const { stateChanges, mutes } = await detail(closed.id);
    expect(stateChanges.some((s) => s.target === 'ledger' && s.to === 'MAINTENANCE')).toBe(true);
    expect(mutes).toEqual([
      expect.objectContaining({
        type: 'maintenance',
        id: windowId,
        target: 'ledger',
        comment: 'ledger migration',
        targets: ['ledger'],
        periods: [{ from: expect.any(String), to: closed.endedAt }],
        alertsMuted: 0,
      }),
    ]);
    ledger.set({ kind: 'healthy' });
  });
});

describe('maintenancePeriods: when a window was in force within an incident', () => {
  const at = (iso: string) => Date.parse(iso);
  const weekly = (daysOfWeek: number[], startTime: string, durationMinutes: number, endsAt: string | null = null) => ({
    startsAt: new Date('2026-01-01T00:00:00Z'),
    endsAt: endsAt ? new Date(endsAt) : null,
    recurrence: { daysOfWeek, startTime, durationMinutes },
  });
  const periods = (rule: Parameters<typeof maintenancePeriods>[0], from: string, to: string) =>
    maintenancePeriods(rule, at(from), at(to)).map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()]);

  test('a one-off window is clipped to the incident', () => {
    const rule = { startsAt: new Date('2026-12-01T10:00:00Z'), endsAt: new Date('2026-12-01T11:00:00Z'), recurrence: null };
    expect(periods(rule, '2026-12-01T10:30:00Z', '2026-12-01T12:00:00Z')).toEqual([
      ['2026-12-01T10:30:00.000Z', '2026-12-01T11:00:00.000Z'],
    ]);
    expect(periods(rule, '2026-12-01T11:00:00Z', '2026-12-01T12:00:00Z')).toEqual([]);
  });

  test('a weekly window yields each occurrence within the incident, including one that began the day before', () => {
    // Tuesdays 02:00 for an hour; 2026-12-01 is a Tuesday.
    expect(periods(weekly([2], '02:00', 60), '2026-11-30T00:00:00Z', '2026-12-09T00:00:00Z')).toEqual([
      ['2026-12-01T02:00:00.000Z', '2026-12-01T03:00:00.000Z'],
      ['2026-12-08T02:00:00.000Z', '2026-12-08T03:00:00.000Z'],
    ]);
    // Mondays 23:30 for two hours: the occurrence runs into Tuesday.
    expect(periods(weekly([1], '23:30', 120), '2026-12-01T00:30:00Z', '2026-12-01T00:45:00Z')).toEqual([
      ['2026-12-01T00:30:00.000Z', '2026-12-01T00:45:00.000Z'],
    ]);
    expect(periods(weekly([3], '02:00', 60), '2026-12-01T00:00:00Z', '2026-12-01T23:00:00Z')).toEqual([]);
    // the window's own end bounds its occurrences
    expect(periods(weekly([2], '02:00', 60, '2026-12-01T02:30:00Z'), '2026-11-30T00:00:00Z', '2026-12-09T00:00:00Z')).toEqual([
      ['2026-12-01T02:00:00.000Z', '2026-12-01T02:30:00.000Z'],
    ]);
  });
});
