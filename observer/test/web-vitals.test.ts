import http from 'node:http';
import fc from 'fast-check';
import { collectPageErrors, launchChromium, seriousAxeFindings, startInfluxServer, waitFor, type InfluxServer } from '@erp/testing';
import type { Browser, Page } from 'playwright-core';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

interface Summary {
  range: string;
  source: 'influx' | 'memory';
  thresholds: Record<string, { good: number; poor: number; unit: string }>;
  pages: Array<{
    page: string;
    metrics: Array<{ name: string; p75: number; rating: string; count: number; ratings: Record<string, number> }>;
  }>;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTP request with node:http, so the test can choose the client's address (the rate limit is per address). */
function send(
  base: string,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string>; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request(
      url,
      { method: init.method ?? 'POST', headers: init.headers ?? {}, localAddress: init.from ?? '127.0.0.1', agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const metric = (name: string, value: number, extra: Record<string, unknown> = {}) => ({
  name,
  value,
  rating: 'good', // what the page claims; the observer rates the value itself
  id: `v5-${Date.now()}-${Math.floor(Math.random() * 1e12)}`,
  navigationType: 'navigate',
  ...extra,
});

const expectProblem = (answer: Answer, statuses: number[]) => {
  expect(statuses).toContain(answer.status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(answer.text) as { status: number; type: string; title: string };
  expect(problem.status).toBe(answer.status);
  return problem;
};

// Ten page loads of one page: LCP and CLS spread over the three ratings, TTFB always 100 ms.
const LCP = [1200, 1800, 2400, 2600, 3100, 3900, 4100, 5000, 900, 2000];
const CLS = [0, 0.05, 0.3, 0.12, 0.01, 0.02, 0.5, 0.09, 0.1, 0.26];
// Nearest rank (InfluxQL's percentile): sorted value at floor(10 × 0.75 + 0.5) − 1 = index 7.
const EXPECTED = {
  LCP: { p75: 3900, rating: 'needs-improvement', ratings: { good: 5, 'needs-improvement': 3, poor: 2 } },
  CLS: { p75: 0.26, rating: 'poor', ratings: { good: 6, 'needs-improvement': 1, poor: 3 } },
  TTFB: { p75: 100, rating: 'good', ratings: { good: 10, 'needs-improvement': 0, poor: 0 } },
};
const THEME_ORIGIN = 'http://theme.test:8005';

describe('Web Vitals: beacons in, p75 per page out', () => {
  let influxd: InfluxServer;
  let observer: ObserverHarness;
  let memoryObserver: ObserverHarness;
  let browser: Browser | undefined;
  const database = 'erp_metrics_vitals';

  const summary = async (o: ObserverHarness, range = '24h') => o.get<Summary>(`/api/v1/vitals?range=${range}`);
  const pageOf = async (o: ObserverHarness, page: string) => (await summary(o)).pages.find((p) => p.page === page);
  const postTenLoads = async (o: ObserverHarness, page: string, fromAddresses: boolean) => {
    for (let i = 0; i < 10; i++) {
      const body = JSON.stringify({ page, metrics: [metric('LCP', LCP[i]!), metric('CLS', CLS[i]!), metric('TTFB', 100)] });
      // Half as navigator.sendBeacon sends them (text/plain), half as JSON.
      const answer = await send(o.url, '/api/v1/vitals', {
        body,
        headers: { 'content-type': i % 2 ? 'application/json' : 'text/plain;charset=UTF-8' },
        from: fromAddresses ? `127.0.0.${10 + i}` : '127.0.0.1',
      });
      expect({ status: answer.status, text: answer.text }).toEqual({ status: 204, text: '' });
    }
  };
  const expectAggregate = (found: Summary['pages'][number] | undefined) => {
    expect(found).toBeDefined();
    for (const [name, want] of Object.entries(EXPECTED)) {
      const m = found!.metrics.find((x) => x.name === name);
      expect({ name, ...m }).toEqual({ name, p75: want.p75, rating: want.rating, count: 10, ratings: want.ratings });
    }
  };

  beforeAll(async () => {
    influxd = await startInfluxServer();
    [observer, memoryObserver] = await Promise.all([
      startObserver(fastConfig([]), {
        INFLUX_URL: influxd.urlFor(database),
        OBSERVER_VITALS_ORIGINS: `${THEME_ORIGIN}, http://localhost:8005`,
        OBSERVER_VITALS_RATE_LIMIT: '100000',
      }),
      startObserver(fastConfig([]), { OBSERVER_VITALS_RATE_LIMIT: '5' }),
    ]);
    await waitFor(async () => (await observer.get<{ influx: { ready: boolean } }>('/api/v1/observer')).influx.ready, {
      message: 'influx set up',
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([observer?.stop(), memoryObserver?.stop()]);
    await influxd?.destroy();
  });

  test('valid beacons (text/plain as sendBeacon sends them, or JSON) → 204; stored in InfluxDB and aggregated: p75 of what was sent', async () => {
    await postTenLoads(observer, '/agg.html', false);
    await waitFor(async () => (await pageOf(observer, '/agg.html'))?.metrics.find((m) => m.name === 'LCP')?.count === 10, {
      timeoutMs: 15_000,
      message: 'ten LCP values aggregated from InfluxDB',
    });
    const found = await summary(observer);
    expect(found.source).toBe('influx');
    expectAggregate(found.pages.find((p) => p.page === '/agg.html'));
    // In InfluxDB as documented: measurement web_vitals, tags page, metric, rating (the observer's), field value.
    const q = `SELECT count("value") AS "n" FROM "raw"."web_vitals" WHERE "page" = '/agg.html' GROUP BY "metric", "rating"`;
    const res = await fetch(`${influxd.baseUrl}/query?db=${database}&q=${encodeURIComponent(q)}`);
    const series = ((await res.json()) as { results: [{ series: { tags: Record<string, string>; values: [string, number][] }[] }] })
      .results[0].series;
    const counts = Object.fromEntries(series.map((s) => [`${s.tags.metric}/${s.tags.rating}`, s.values[0]![1]]));
    expect(counts).toEqual({
      'CLS/good': 6,
      'CLS/needs-improvement': 1,
      'CLS/poor': 3,
      'LCP/good': 5,
      'LCP/needs-improvement': 3,
      'LCP/poor': 2,
      'TTFB/good': 10,
    });
  });

  test('without InfluxDB the values are kept in memory and aggregate the same way', async () => {
    await postTenLoads(memoryObserver, '/agg.html', true);
    const found = await summary(memoryObserver);
    expect(found.source).toBe('memory');
    expectAggregate(found.pages.find((p) => p.page === '/agg.html'));
    expect((await summary(memoryObserver, '7d')).pages.map((p) => p.page)).toEqual(['/agg.html']);
  });

  test('malformed, oversized or mistyped beacons → 4xx problem+json, and nothing is stored', async () => {
    const valid = { page: '/bad.html', metrics: [metric('LCP', 1000)] };
    const cases: Array<[string, string, Record<string, string>, number]> = [
      ['not JSON', 'LCP=1000', { 'content-type': 'text/plain' }, 400],
      ['empty body', '', { 'content-type': 'text/plain' }, 400],
      ['an array', '[1,2]', { 'content-type': 'application/json' }, 400],
      ['no metrics', JSON.stringify({ page: '/bad.html', metrics: [] }), {}, 400],
      ['value a string', JSON.stringify({ ...valid, metrics: [metric('LCP', 0, { value: '1000' })] }), {}, 400],
      ['value negative', JSON.stringify({ ...valid, metrics: [metric('LCP', -1)] }), {}, 400],
      ['value null', JSON.stringify({ ...valid, metrics: [metric('LCP', 0, { value: null })] }), {}, 400],
      ['value Infinity (1e999)', JSON.stringify(valid).replace('1000', '1e999'), { 'content-type': 'text/plain' }, 400],
      ['value above an hour', JSON.stringify({ ...valid, metrics: [metric('LCP', 3_600_001)] }), {}, 400],
      ['CLS above 100', JSON.stringify({ ...valid, metrics: [metric('CLS', 150)] }), {}, 400],
      ['unknown metric FID', JSON.stringify({ ...valid, metrics: [metric('FID', 10)] }), {}, 400],
      ['a metric twice', JSON.stringify({ ...valid, metrics: [metric('LCP', 1), metric('LCP', 2)] }), {}, 400],
      ['an unknown field', JSON.stringify({ ...valid, user: 'x' }), {}, 400],
      ['an unknown field in a metric', JSON.stringify({ ...valid, metrics: [metric('LCP', 1, { url: '/x' })] }), {}, 400],
      ['rating not one of three', JSON.stringify({ ...valid, metrics: [metric('LCP', 1, { rating: 'ok' })] }), {}, 400],
      ['navigationType unknown', JSON.stringify({ ...valid, metrics: [metric('LCP', 1, { navigationType: 'x' })] }), {}, 400],
      ['page a full URL', JSON.stringify({ ...valid, page: 'http://evil.test/x' }), {}, 400],
      ['page with a query', JSON.stringify({ ...valid, page: '/bad.html?user=ada' }), {}, 400],
      ['page too long', JSON.stringify({ ...valid, page: `/${'a'.repeat(200)}` }), {}, 400],
      ['page with NUL', JSON.stringify({ ...valid, page: '/bad\u0000.html' }), {}, 400],
      ['deeply nested', `${'['.repeat(1500)}${']'.repeat(1500)}`, { 'content-type': 'text/plain' }, 400],
      ['over 4 KB', JSON.stringify({ ...valid, pad: 'x'.repeat(5000) }), { 'content-type': 'text/plain' }, 413],
      ['over 4 KB, chunked', JSON.stringify({ ...valid, pad: 'x'.repeat(5000) }), { 'transfer-encoding': 'chunked' }, 413],
      ['XML', '<vitals/>', { 'content-type': 'application/xml' }, 415],
      ['a form', 'page=/x', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ];
    for (const [name, body, headers, status] of cases) {
      const answer = await send(observer.url, '/api/v1/vitals', { body, headers: { 'content-type': 'application/json', ...headers } });
      expect({ name, status: answer.status }).toEqual({ name, status });
      expectProblem(answer, [status]);
    }
    // A bad range on the read side too.
    const badRange = await send(observer.url, '/api/v1/vitals?range=30d', { method: 'GET' });
    expect(JSON.stringify(expectProblem(badRange, [400]))).toContain('range');
    // The valid beacon goes through (so the refusals above were about their flaw), and nothing else of /bad.html was stored.
    const ok = await send(observer.url, '/api/v1/vitals', { body: JSON.stringify(valid), headers: { 'content-type': 'text/plain' } });
    expect(ok.status).toBe(204);
    await waitFor(async () => (await pageOf(observer, '/bad.html')) !== undefined, { timeoutMs: 15_000, message: '/bad.html stored' });
    expect((await pageOf(observer, '/bad.html'))?.metrics).toEqual([
      { name: 'LCP', p75: 1000, rating: 'good', count: 1, ratings: { good: 1, 'needs-improvement': 0, poor: 0 } },
    ]);
  });

  test('generated beacons (fast-check): valid ones → 204, anything else → 4xx problem+json, never a 5xx', async () => {
    const name = fc.constantFrom('LCP', 'INP', 'CLS', 'FCP', 'TTFB');
    const validMetric = fc.record({
      name,
      value: fc.double({ min: 0, max: 100, noNaN: true }),
      rating: fc.constantFrom('good', 'needs-improvement', 'poor'),
      id: fc.stringMatching(/^v5-[0-9]{1,13}-[0-9]{1,13}$/),
      navigationType: fc.constantFrom('navigate', 'reload', 'back-forward', 'back-forward-cache', 'prerender', 'restore'),
    });
    const validBeacon = fc.record({
      page: fc.constantFrom('/fuzz-a.html', '/fuzz-b.html', 'theme:/fuzz'),
      metrics: fc.uniqueArray(validMetric, { minLength: 1, maxLength: 5, selector: (m) => m.name }),
    });
    const contentType = fc.constantFrom('text/plain', 'text/plain;charset=UTF-8', 'application/json');
    await fc.assert(
      fc.asyncProperty(validBeacon, contentType, async (beacon, type) => {
        const answer = await send(observer.url, '/api/v1/vitals', { body: JSON.stringify(beacon), headers: { 'content-type': type } });
        expect({ status: answer.status, text: answer.text }).toEqual({ status: 204, text: '' });
      }),
      { numRuns: 60 },
    );
    // Spoiled beacons: one field of a valid beacon replaced by anything, or the whole body any JSON value or any text.
    const spoiled = fc.oneof(
      fc.tuple(validBeacon, fc.constantFrom('page', 'metrics'), fc.anything()).map(([b, key, v]) => JSON.stringify({ ...b, [key]: v })),
      fc
        .tuple(validBeacon, fc.constantFrom('name', 'value', 'rating', 'id', 'navigationType', 'extra'), fc.jsonValue())
        .map(([b, key, v]) => JSON.stringify({ ...b, metrics: [{ ...b.metrics[0], [key]: v }, ...b.metrics.slice(1)] })),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      fc.string({ unit: 'binary', maxLength: 6000 }),
    );
    await fc.assert(
      fc.asyncProperty(spoiled, contentType, async (body, type) => {
        const answer = await send(observer.url, '/api/v1/vitals', { body, headers: { 'content-type': type } });
        expect(answer.status).toBeLessThan(500);
        if (answer.status !== 204) expectProblem(answer, [400, 413, 415, 422]);
      }),
      { numRuns: 150 },
    );
  });

  test('a client over its rate gets 429 with Retry-After; another client is still served', async () => {
    const body = JSON.stringify({ page: '/rate.html', metrics: [metric('TTFB', 50)] });
    const headers = { 'content-type': 'text/plain' };
    for (let i = 0; i < 5; i++)
      expect((await send(memoryObserver.url, '/api/v1/vitals', { body, headers, from: '127.0.0.50' })).status).toBe(204);
    const refused = await send(memoryObserver.url, '/api/v1/vitals', { body, headers, from: '127.0.0.50' });
    const problem = expectProblem(refused, [429]);
    expect(problem.type).toMatch(/too-many-requests$/);
    // 5 a minute: one token back after 12 s.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(12);
    // Malformed beacons count too (the bucket is taken before the body is read).
    expectProblem(await send(memoryObserver.url, '/api/v1/vitals', { body: 'x', headers, from: '127.0.0.50' }), [429]);
    expect((await send(memoryObserver.url, '/api/v1/vitals', { body, headers, from: '127.0.0.51' })).status).toBe(204);
    expect((await pageOf(memoryObserver, '/rate.html'))?.metrics[0]?.count).toBe(6);
  });

  test('CORS only for the configured origins, never with credentials; other origins are refused', async () => {
    const preflight = (origin: string) =>
      send(observer.url, '/api/v1/vitals', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight(THEME_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(THEME_ORIGIN);
    expect(allowed.headers['access-control-allow-methods']).toContain('POST');
    expect(allowed.headers['access-control-allow-headers']).toContain('content-type');
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    expect(allowed.headers.vary).toMatch(/origin/i);
    const other = await preflight('http://evil.test');
    expectProblem(other, [403]);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const beacon = (page: string) => JSON.stringify({ page, metrics: [metric('FCP', 500)] });
    const fromTheme = await send(observer.url, '/api/v1/vitals', {
      body: beacon('theme:/cors'),
      headers: { 'content-type': 'text/plain', origin: THEME_ORIGIN },
    });
    expect(fromTheme.status).toBe(204);
    expect(fromTheme.headers['access-control-allow-origin']).toBe(THEME_ORIGIN);
    expect(fromTheme.headers['access-control-allow-credentials']).toBeUndefined();
    // A refusal is still readable by an allowed page (its problem carries the CORS header).
    const badFromTheme = await send(observer.url, '/api/v1/vitals', {
      body: '{',
      headers: { 'content-type': 'text/plain', origin: THEME_ORIGIN },
    });
    expectProblem(badFromTheme, [400]);
    expect(badFromTheme.headers['access-control-allow-origin']).toBe(THEME_ORIGIN);
    const fromEvil = await send(observer.url, '/api/v1/vitals', {
      body: beacon('/evil.html'),
      headers: { 'content-type': 'text/plain', origin: 'http://evil.test' },
    });
    expectProblem(fromEvil, [403]);
    expect(fromEvil.headers['access-control-allow-origin']).toBeUndefined();
    // The dashboard's own pages (same origin) need no CORS header.
    const own = await send(observer.url, '/api/v1/vitals', {
      body: beacon('/own.html'),
      headers: { 'content-type': 'text/plain', origin: observer.url },
    });
    expect(own.status).toBe(204);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    await waitFor(async () => (await pageOf(observer, '/own.html')) !== undefined, { timeoutMs: 15_000, message: '/own.html stored' });
    const pages = (await summary(observer)).pages.map((p) => p.page);
    expect(pages).toContain('theme:/cors');
    expect(pages).not.toContain('/evil.html');
  });

  test('the routes are in the OpenAPI document; the sampling rate and the script are served', async () => {
    const doc = await observer.get<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>('/openapi.json');
    expect(doc.paths['/api/v1/vitals']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/vitals']?.get).toBeDefined();
    expect(doc.paths['/api/v1/vitals/config']?.get).toBeDefined();
    const config = await observer.get<{ sampleRate: number; maxBeaconBytes: number; script: string }>('/api/v1/vitals/config');
    expect(config).toMatchObject({ sampleRate: 1, maxBeaconBytes: 4096, script: '/vendor/web-vitals/web-vitals.js' });
    const script = await fetch(observer.url + config.script);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain('onLCP');
  });

  describe('in a real browser', () => {
    let page: Page;
    let errors: string[];
    beforeAll(async () => {
      browser = await launchChromium();
      page = await browser.newPage();
      errors = collectPageErrors(page);
    });

    test('a dashboard page reports LCP, TTFB and CLS when it is left; the vitals page shows them, accessibly', async () => {
      await page.goto(`${observer.url}/vitals.html`);
      await page.getByRole('combobox', { name: 'Range' }).selectOption('7d');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /in the last 7 days/ })
        .waitFor();
      // Leaving the page hides it: the beacon goes out then.
      await page.goto('about:blank');
      await waitFor(
        async () => {
          const found = await pageOf(observer, '/vitals.html');
          return ['LCP', 'TTFB', 'CLS'].every((n) => found?.metrics.some((m) => m.name === n));
        },
        { timeoutMs: 20_000, message: 'LCP, TTFB and CLS of /vitals.html in GET /api/v1/vitals' },
      );
      await page.goto(`${observer.url}/vitals.html`);
      const table = page.getByRole('table', { name: '/vitals.html' });
      await table.waitFor();
      for (const name of ['LCP', 'TTFB', 'CLS']) {
        const row = table.locator(`tr[data-metric="${name}"]`);
        await expect(row.getByRole('cell').nth(1).textContent()).resolves.toMatch(/^(Good|Needs improvement|Poor)$/);
        await expect(row.getByRole('cell').nth(2).textContent()).resolves.toMatch(/^[1-9]\d*$/);
      }
      // The agg page's figures as sent, rated in words.
      const agg = page.getByRole('table', { name: '/agg.html' });
      await expect(agg.locator('tr[data-metric="LCP"]').textContent()).resolves.toContain('3.90 s');
      await expect(agg.locator('tr[data-metric="LCP"]').textContent()).resolves.toContain('Needs improvement');
      expect(await seriousAxeFindings(page)).toEqual([]);
      expect(errors).toEqual([]);
    });

    test('the overview reports too (every page that mounts the shell does)', async () => {
      await page.goto(`${observer.url}/`);
      await page.locator('#topbar a').first().waitFor();
      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await page.goto('about:blank');
      await waitFor(
        async () => {
          const found = await pageOf(observer, '/');
          return ['LCP', 'TTFB', 'CLS'].every((n) => found?.metrics.some((m) => m.name === n));
        },
        { timeoutMs: 20_000, message: 'LCP, TTFB and CLS of / in GET /api/v1/vitals' },
      );
    });
  });

  test('at most 100 distinct pages per process: a new page beyond them → 422, known pages still count', async () => {
    let refused: Answer | undefined;
    for (let i = 0; i < 120 && !refused; i++) {
      const answer = await send(observer.url, '/api/v1/vitals', {
        body: JSON.stringify({ page: `/cap-${i}.html`, metrics: [metric('FCP', 100)] }),
        headers: { 'content-type': 'text/plain' },
      });
      if (answer.status !== 204) refused = answer;
    }
    expect(refused).toBeDefined();
    expect(expectProblem(refused!, [422]).type).toMatch(/too-many-vitals-pages$/);
    const known = await send(observer.url, '/api/v1/vitals', {
      body: JSON.stringify({ page: '/agg.html', metrics: [metric('FCP', 100)] }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(known.status).toBe(204);
  });

  test('while InfluxDB is down a beacon is still taken (buffered) and the read is a 503 problem; back up, the value is there', async () => {
    await influxd.stop();
    try {
      const body = JSON.stringify({ page: '/agg.html', metrics: [metric('INP', 650)] });
      expect((await send(observer.url, '/api/v1/vitals', { body, headers: { 'content-type': 'text/plain' } })).status).toBe(204);
      expectProblem(await send(observer.url, '/api/v1/vitals', { method: 'GET' }), [503]);
    } finally {
      await influxd.start();
    }
    await waitFor(async () => (await pageOf(observer, '/agg.html'))?.metrics.some((m) => m.name === 'INP' && m.p75 === 650) === true, {
      timeoutMs: 30_000,
      intervalMs: 250,
      message: 'the buffered INP written once InfluxDB is back',
    });
  });
});
