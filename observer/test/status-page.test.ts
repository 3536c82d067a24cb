import { launchChromium, waitFor } from '@erp/testing';
import type { Browser } from 'playwright-core';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { observerConfigSchema, type ObserverConfigInput } from '../src/config/observer-config.schema';
import { escapeXml, renderBadge } from '../src/entry-points/api/badge-svg';
import { startFakeTarget, type FakeTarget } from './support/fake-target';

interface StatusPage {
  title: string;
  state: string;
  groups: { name: string; state: string; uptime90d: number | null; days: { date: string; uptime: number | null }[] }[];
  incidents: { impact: string; groups: string[]; startedAt: string; endedAt: string | null; durationSeconds: number; summary: string }[];
}

/** What the test reads of a parsed document. */
interface SvgDocument {
  documentElement: { nodeName: string; textContent: string | null };
  getElementsByTagName(name: string): { length: number };
}

describe('the public status page and the SVG badges', () => {
  let payments: FakeTarget;
  let search: FakeTarget;
  let internal: FakeTarget;
  let observer: ObserverHarness;
  let config: ObserverConfigInput;
  let browser: Browser | undefined;

  /** Anonymous, as a customer reads it: the body's raw text and its parsed form. */
  const anonymous = async (path: string) => {
    const response = await fetch(observer.url + path);
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const status = async (): Promise<{ page: StatusPage; text: string }> => {
    const { status: code, text } = await anonymous('/api/v1/status');
    expect(code).toBe(200);
    return { page: JSON.parse(text) as StatusPage, text };
  };
  /** Nothing internal in what a customer sees: target names, URLs, addresses, ports, errors, check names. */
  const expectNothingInternal = (text: string) => {
    for (const target of [payments, search, internal]) {
      expect(text).not.toContain(target.name);
      expect(text).not.toContain(target.url);
      expect(text).not.toContain(new URL(target.url).port);
    }
    for (const secret of ['127.0.0.1', 'localhost', 'http', 'eventloop', 'check:', 'postgres', 'liveness', 'responseTime', 'fail'])
      expect(text).not.toContain(secret);
  };

  beforeAll(async () => {
    payments = await startFakeTarget('payments-api');
    search = await startFakeTarget('search-backend');
    internal = await startFakeTarget('ledger-db-proxy');
    config = fastConfig(
      [
        { name: 'payments-api', url: payments.healthUrl },
        { name: 'search-backend', url: search.healthUrl },
        { name: 'ledger-db-proxy', url: internal.healthUrl },
      ],
      {
        // The proxy is watched but not on the page: no badge for it.
        statusPage: {
          title: 'Acme status',
          groups: [
            { name: 'Payments', targets: ['payments-api'] },
            { name: 'Search', targets: ['search-backend'] },
          ],
        },
      },
    );
    observer = await startObserver(config);
    await waitFor(async () => (await observer.get<{ state: string }[]>('/api/v1/services')).every((s) => s.state === 'UP'), {
      timeoutMs: 15_000,
      message: 'every target UP',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await observer?.stop();
    await Promise.all([payments, search, internal].map((t) => t?.close()));
  });

  test('the status page is readable without a token and shows only the public groups, their state and 90 daily uptime values', async () => {
    const { page, text } = await status();
    expect(page.title).toBe('Acme status');
    expect(page.state).toBe('up');
    expect(page.groups.map((g) => [g.name, g.state])).toEqual([
      ['Payments', 'up'],
      ['Search', 'up'],
    ]);
    for (const group of page.groups) {
      expect(group.days).toHaveLength(90);
      expect(group.days.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), uptime: 100 });
      expect(group.days[0]?.uptime).toBeNull();
      expect(group.uptime90d).toBe(100);
    }
    expect(page.incidents).toEqual([]);
    expectNothingInternal(text);
  });

  test('badges: the state and the uptime as flat SVG, cached 30 s, for targets on the page only', async () => {
    const up = await anonymous('/api/v1/badges/payments-api/status.svg');
    expect(up.status).toBe(200);
    expect(up.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(up.headers.get('cache-control')).toBe('max-age=30');
    expect(up.text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
    expect(up.text).toContain('<title>payments-api: up</title>');
    expect(up.text).toContain('>up</text>');
    expect(up.text).toContain('#4c1');

    for (const period of ['24h', '7d', '30d']) {
      const uptime = await anonymous(`/api/v1/badges/search-backend/uptime.svg?period=${period}`);
      expect(uptime.status).toBe(200);
      expect(uptime.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(uptime.text).toContain(`<title>uptime ${period}: 100.0%</title>`);
    }
    expect((await anonymous('/api/v1/badges/search-backend/uptime.svg')).text).toContain('uptime 24h: 100.0%');

    const badPeriod = await anonymous('/api/v1/badges/search-backend/uptime.svg?period=1y');
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(badPeriod.text)).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'period', in: 'query' })] });

    for (const path of ['/api/v1/badges/nope/status.svg', '/api/v1/badges/nope/uptime.svg', '/api/v1/badges/ledger-db-proxy/status.svg']) {
      const missing = await anonymous(path);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  test('a group whose target goes down shows as down, and the incident appears in plain words with only the group named', async () => {
    search.set({ kind: 'failing' });
    await waitFor(
      async () => {
        const { page } = await status();
        return page.groups.find((g) => g.name === 'Search')?.state === 'down' && page.incidents.length > 0;
      },
      { timeoutMs: 20_000, message: 'Search down with an incident' },
    );
    const { page, text } = await status();
    expect(page.state).toBe('down');
    expect(page.groups.find((g) => g.name === 'Payments')?.state).toBe('up');
    const [incident] = page.incidents;
    expect(incident).toMatchObject({ impact: 'outage', groups: ['Search'], endedAt: null });
    expect(incident?.summary).toMatch(/^Outage affecting Search, ongoing for \d+ s\.$/);
    expectNothingInternal(text);

    const down = await anonymous('/api/v1/badges/search-backend/status.svg');
    expect(down.text).toContain('>down</text>');
    expect(down.text).toContain('#e05d44');

    search.set({ kind: 'healthy' });
    await waitFor(async () => (await status()).page.incidents[0]?.endedAt !== null, { timeoutMs: 20_000, message: 'incident closed' });
    const after = await status();
    expect(after.page.incidents[0]?.summary).toMatch(/^Outage affecting Search, resolved after \d+ (s|min)\.$/);
    expect(after.page.groups.find((g) => g.name === 'Search')?.state).toBe('up');
    const today = after.page.groups.find((g) => g.name === 'Search')?.days.at(-1)?.uptime ?? 100;
    expect(today).toBeLessThan(100);
    expectNothingInternal(after.text);
  });

  test('the page in Chromium renders the groups with 90 bars and the incident, under the strict CSP, with well-formed badges', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await page.goto(`${observer.url}/status.html`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.locator('.group .name', { hasText: 'Search' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.group .name').allTextContents()).toEqual(['Payments', 'Search']);
    expect(await page.locator('#title').textContent()).toBe('Acme status');
    expect(await page.locator('.group').first().locator('.bars .bar').count()).toBe(90);
    expect(await page.locator('.group .state').allTextContents()).toEqual(['Operational', 'Operational']);
    await page.locator('.incident .summary', { hasText: 'Outage affecting Search' }).waitFor({ timeout: 10_000 });
    expectNothingInternal(await page.locator('body').innerText());

    // The badges parse as SVG documents (a real XML parser: the browser's).
    for (const path of ['/api/v1/badges/payments-api/status.svg', '/api/v1/badges/search-backend/uptime.svg?period=7d']) {
      const parsed = await page.evaluate(async (url) => {
        const text = await (await fetch(url)).text();
        // The browser's DOMParser (this file is compiled without the DOM library).
        const { DOMParser } = globalThis as unknown as {
          DOMParser: new () => { parseFromString(text: string, type: string): SvgDocument };
        };
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return {
          root: doc.documentElement.nodeName,
          errors: doc.getElementsByTagName('parsererror').length,
          text: doc.documentElement.textContent,
        };
      }, path);
      expect(parsed).toMatchObject({ root: 'svg', errors: 0 });
      expect(parsed.text).toMatch(/up|\d+\.\d%/);
    }
    expect(errors).toEqual([]);
  });

  test('without a statusPage block, the page lists one group per target under its own name', async () => {
    const { statusPage: _dropped, ...withoutBlock } = config;
    await observer.writeConfig(withoutBlock);
    await waitFor(async () => (await status()).page.groups.length === 3, { timeoutMs: 15_000, message: 'config reloaded' });
    const { page } = await status();
    expect(page.title).toBe('Service status');
    expect(page.groups.map((g) => g.name)).toEqual(['payments-api', 'search-backend', 'ledger-db-proxy']);
    expect((await anonymous('/api/v1/badges/ledger-db-proxy/status.svg')).status).toBe(200);
  });

  test('every new route is public and in the OpenAPI document', async () => {
    const document = (await (await fetch(`${observer.url}/openapi.json`)).json()) as {
      paths: Record<string, { get?: { security?: unknown[] } }>;
    };
    for (const path of ['/api/v1/status', '/api/v1/badges/{target}/status.svg', '/api/v1/badges/{target}/uptime.svg']) {
      expect(document.paths[path]?.get).toBeDefined();
      expect(document.paths[path]?.get?.security ?? []).toEqual([]);
    }
  });

  test('the statusPage block is validated: its targets must exist, group names are unique', () => {
    const result = observerConfigSchema.safeParse({
      targets: [{ name: 'a', url: 'http://127.0.0.1:1/health' }],
      statusPage: {
        groups: [
          { name: 'App', targets: ['a', 'ghost'] },
          { name: 'App', targets: ['a'] },
        ],
      },
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'statusPage.groups.0.targets.1: unknown target "ghost"',
        'statusPage.groups.1.name: duplicate group name "App"',
      ]),
    );
  });

  test('badge text is escaped', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    const svg = renderBadge('<script>', 'a&b', '#fff');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('a&amp;b');
  });
});
