import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObservedService } from '@erp/contracts';
import { collectPageErrors, launchChromium, seriousAxeFindings, startInfluxServer, waitFor, type InfluxServer } from '@erp/testing';
import fc from 'fast-check';
import { InfluxDB } from 'influx';
import type { Browser, Page } from 'playwright-core';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { targetSchema } from '../src/config/observer-config.schema';
import { chooseResolution, retentionMs, splitDegraded, stateIntervals, type TargetDetail } from '../src/domain/target-detail.use-case';
import type { ProbeResult } from '../src/model/target-types';
import { backfillRollups } from '../src/storage/influx-backfill';
import { toPoints } from '../src/storage/influx-points';
import { startFakeTarget, type FakeTarget } from './support/fake-target';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A poll as the probe stage hands it on: `latencyMs` at `at`, ok or failed with a liveness failure. */
function poll(target: string, at: number, latencyMs: number, ok: boolean): ProbeResult {
  return {
    target,
    at,
    ok,
    failure: ok ? null : 'liveness',
    latencyMs,
    httpStatus: ok ? 200 : 503,
    status: ok ? 'pass' : 'fail',
    error: ok ? null : 'HTTP 503',
    checks: [],
  };
}

describe('the target detail page: history from a real InfluxDB, states, incidents and watchdog actions', () => {
  let influxd: InfluxServer;
  let shop: FakeTarget;
  let observer: ObserverHarness;
  let client: InfluxDB;
  let browser: Browser | undefined;
  /** When the outage test made the target fail (the screenshot shows the minutes around it). */
  let outageAt = 0;
  const database = 'erp_metrics_target';
  /** The start of the hour, three days ago, that holds the written history. */
  const h0 = Math.floor((Date.now() - 3 * DAY_MS) / HOUR_MS) * HOUR_MS;

  const detail = (queryString: string, name = 'shop') => observer.request(`/api/v1/targets/${name}/detail?${queryString}`);
  const range = (from: number, to: number) => `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;

  beforeAll(async () => {
    influxd = await startInfluxServer();
    shop = await startFakeTarget('shop');
    const config = fastConfig([{ name: 'shop', url: shop.healthUrl }], {
      influx: { flushIntervalMs: 200, rollup1mResampleEvery: '2s', writeTimeoutMs: 2000 },
    });
    observer = await startObserver(config, { INFLUX_URL: influxd.urlFor(database) });
    client = new InfluxDB({ host: '127.0.0.1', port: influxd.port, database });
    await waitFor(async () => (await observer.get<{ influx: { ready: boolean } }>('/api/v1/observer')).influx.ready, {
      message: 'influx set up',
    });
    // Three days ago, minutes 0–9 of hour h0: 100 polls in the first 25 s of each minute with latencies 1…100 ms,
    // the five slowest failed. Written as the observer writes polls (toPoints), then rolled up by the continuous
    // queries' own statements (the live queries only look back 2 minutes / 2 hours).
    const target = targetSchema.parse({ name: 'shop', url: shop.healthUrl });
    const points = [];
    for (let minute = 0; minute < 10; minute += 1)
      for (let i = 0; i < 100; i += 1) points.push(...toPoints(target, 'UP', poll('shop', h0 + minute * 60_000 + i * 250, i + 1, i < 95)));
    await client.writePoints(points, { retentionPolicy: 'raw', precision: 'ms' });
    await backfillRollups(client, database, h0, h0 + HOUR_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await observer?.stop();
    await shop?.close();
    await influxd?.destroy();
  });

  test('one hour three days ago comes from the raw samples: p50 / p95 / p99 and the error rate per 30 s bucket', async () => {
    const response = await detail(range(h0, h0 + HOUR_MS));
    expect(response.status).toBe(200);
    const body = response.body as TargetDetail;
    expect(body).toMatchObject({ source: 'influx', resolution: 'raw', bucketSeconds: 30 });
    expect(body.range).toMatchObject({ preset: null, maxDays: 90 });
    expect(body.series).toHaveLength(10);
    expect(body.series[0]).toEqual({ t: new Date(h0).toISOString(), count: 100, p50: 50, p95: 95, p99: 99, max: 100, errorRate: 0.05 });
    expect(body.series.map((p) => Date.parse(p.t) - h0)).toEqual([...Array(10).keys()].map((m) => m * 60_000));
    expect(body.summary).toMatchObject({ samples: 1000, p50: 50, p95: 95, p99: 99, errorRate: 0.05 });
  });

  test('a day around it comes from the 1-minute rollup, a week from the 1-hour rollup (p95 the highest of its minutes)', async () => {
    const day = (await detail(range(h0 - 12 * HOUR_MS, h0 + 12 * HOUR_MS))).body as TargetDetail;
    expect(day).toMatchObject({ resolution: '1m', bucketSeconds: 60 });
    expect(day.series).toHaveLength(10);
    expect(day.series[9]).toEqual({
      t: new Date(h0 + 9 * 60_000).toISOString(),
      count: 100,
      p50: 50,
      p95: 95,
      p99: 99,
      max: 100,
      errorRate: 0.05,
    });

    const week = (await detail('range=7d')).body as TargetDetail;
    expect(week).toMatchObject({ resolution: '1h', bucketSeconds: 3600, range: { preset: '7d' } });
    const hour = week.series.find((p) => p.t === new Date(h0).toISOString());
    expect(hour).toEqual({ t: new Date(h0).toISOString(), count: 1000, p50: 50, p95: 95, p99: 99, max: 100, errorRate: 0.05 });

    // An hour ten days ago is past the raw retention (7 d): the 1-minute rollup answers instead.
    const old = (await detail(range(Date.now() - 10 * DAY_MS, Date.now() - 10 * DAY_MS + HOUR_MS))).body as TargetDetail;
    expect(old).toMatchObject({ resolution: '1m', series: [] });
  });

  test('an outage while the observer runs: DOWN and UP bands, its incident, the watchdog’s restart, failed polls with reason and status code', async () => {
    const started = Date.now();
    outageAt = started;
    await waitFor(async () => (await observer.get<ObservedService>('/api/v1/services/shop')).state === 'UP', { message: 'shop UP' });
    shop.set({ kind: 'failing' });
    await waitFor(async () => (await observer.get<ObservedService>('/api/v1/services/shop')).state === 'DOWN', {
      timeoutMs: 15_000,
      message: 'shop DOWN',
    });
    const restart = await observer.request('/api/v1/events', {
      method: 'POST',
      body: { source: 'watchdog', kind: 'restart', target: 'shop', severity: 'warning', message: 'restarted shop (liveness)' },
    });
    expect(restart.status).toBe(202);
    const other = await observer.request('/api/v1/events', {
      method: 'POST',
      body: { source: 'deploy-bot', kind: 'deploy', target: 'shop', severity: 'info', message: 'deployed shop 1.2' },
    });
    expect(other.status).toBe(202);
    shop.set({ kind: 'healthy' });
    await waitFor(async () => (await observer.get<ObservedService>('/api/v1/services/shop')).state === 'UP', {
      timeoutMs: 15_000,
      message: 'shop UP again',
    });

    let body!: TargetDetail;
    await waitFor(
      async () => {
        body = (await detail('range=1h')).body as TargetDetail;
        return (
          body.incidents.length === 1 &&
          body.incidents[0]?.endedAt !== null &&
          body.recentChecks.some((c) => c.outcome === 'fail' && c.httpStatus === 503)
        );
      },
      { timeoutMs: 10_000, message: 'the incident stored and the failed polls in InfluxDB' },
    );
    expect(body.source).toBe('influx');
    const states = body.bands.map((b) => b.state);
    // UP, PENDING, DOWN, UP (a poll timing out on a busy machine may add a PENDING blip: the order is what counts).
    const downAt = states.indexOf('DOWN');
    expect(states.lastIndexOf('PENDING', downAt)).toBeGreaterThan(-1);
    expect(states.indexOf('UP', downAt)).toBeGreaterThan(downAt);
    const down = body.bands.find((b) => b.state === 'DOWN');
    expect(Date.parse(down?.from ?? '')).toBeGreaterThanOrEqual(started);
    expect(Date.parse(down?.to ?? '')).toBeGreaterThan(Date.parse(down?.from ?? ''));
    expect(body.summary.downSeconds).toBeGreaterThanOrEqual(1);
    expect(body.incidents[0]).toMatchObject({ kind: 'down', cause: 'shop' });
    expect(body.incidents[0]?.endedAt).not.toBeNull();
    expect(body.watchdog).toEqual([
      expect.objectContaining({ kind: 'restart', severity: 'warning', message: 'restarted shop (liveness)' }),
    ]);
    const failed = body.recentChecks.find((c) => c.outcome === 'fail' && c.httpStatus === 503);
    expect(failed?.reason).toMatch(/eventloop:delay|503/);
    expect(failed?.state).toMatch(/^(PENDING|DOWN)$/);
    expect(body.recentChecks[0]?.outcome).toBe('ok');
    expect(body.recentChecks.some((c) => c.outcome === 'ok' && c.httpStatus === 200 && c.state === 'UP')).toBe(true);
    expect(body.recentChecks.map((c) => c.at)).toEqual([...body.recentChecks.map((c) => c.at)].sort().reverse());
    expect(body.series.some((p) => (p.errorRate ?? 0) > 0)).toBe(true);
    expect(body.checks.items).toEqual(expect.arrayContaining([{ name: 'postgres:responseTime', status: 'pass', value: 0.5, unit: 'ms' }]));
    expect(body.target).toMatchObject({ name: 'shop', state: 'UP' });
  });

  test('a CPU breach and a maintenance window appear as DEGRADED and MAINTENANCE bands', async () => {
    const shopState = () => observer.get<ObservedService>('/api/v1/services/shop');
    shop.set({ kind: 'metrics', checks: { 'cpu:utilization': 99 } });
    await waitFor(async () => (await shopState()).degraded, { timeoutMs: 15_000, message: 'shop DEGRADED' });
    shop.set({ kind: 'healthy' });
    await waitFor(async () => !(await shopState()).degraded, { timeoutMs: 15_000, message: 'shop no longer DEGRADED' });
    const window = await observer.request('/api/v1/maintenance', {
      method: 'POST',
      body: { target: 'shop', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 2_500).toISOString(), comment: 'patching' },
    });
    expect(window.status).toBe(201);
    await waitFor(async () => (await shopState()).state === 'MAINTENANCE', { timeoutMs: 10_000, message: 'shop in MAINTENANCE' });
    await waitFor(async () => (await shopState()).state === 'UP', { timeoutMs: 15_000, message: 'shop UP after the window' });

    let body!: TargetDetail;
    await waitFor(
      async () => {
        body = (await detail('range=1h')).body as TargetDetail;
        return body.incidents.some((i) => i.kind === 'degraded' && i.endedAt !== null);
      },
      { timeoutMs: 10_000, message: 'the degradation incident closed' },
    );
    const states = body.bands.map((b) => b.state);
    expect(states).toEqual(expect.arrayContaining(['DEGRADED', 'MAINTENANCE']));
    const maintenanceAt = states.indexOf('MAINTENANCE');
    expect(states.slice(maintenanceAt, maintenanceAt + 3)).toEqual(['MAINTENANCE', 'PENDING', 'UP']);
    const degraded = body.bands.find((b) => b.state === 'DEGRADED');
    const incident = body.incidents.find((i) => i.kind === 'degraded');
    expect(incident?.detail).toMatch(/CPU 99%/);
    expect(degraded?.from).toBe(new Date(Date.parse(incident?.startedAt ?? '')).toISOString());
    // Bands follow each other without gaps or overlaps.
    for (let i = 1; i < body.bands.length; i += 1) expect(body.bands[i]?.from).toBe(body.bands[i - 1]?.to);
  });

  test('bad ranges are a 400 problem naming the limit, an unknown target a 404; no range parameters ever make a 5xx', async () => {
    const expectProblem = async (queryString: string, status: number, detailText?: RegExp, name?: string) => {
      const response = await detail(queryString, name);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      if (detailText) expect(JSON.stringify(response.body)).toMatch(detailText);
    };
    const now = Date.now();
    await expectProblem('range=1h', 404, /nosuch/, 'nosuch');
    await expectProblem(range(now, now - HOUR_MS), 400, /to must be after from/);
    await expectProblem(range(now - 91 * DAY_MS, now), 400, /at most 90 days/);
    await expectProblem(range(now - 30_000, now), 400, /at least 1 minute/);
    await expectProblem(`range=1h&${range(now - HOUR_MS, now)}`, 400, /either range or from and to/);
    await expectProblem(`from=${new Date(now).toISOString()}`, 400, /needs both from and to/);
    await expectProblem('range=2h', 400, /range/);
    await expectProblem(range(Date.UTC(1960, 0, 1), Date.UTC(1960, 0, 2)), 400, /between 1970 and 2100/);
    expect((await detail(range(now - 90 * DAY_MS, now))).status).toBe(200);

    const iso = fc
      .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
    const value = fc.oneof(fc.string({ maxLength: 30 }), iso, fc.constantFrom('1h', '24h', '7d', '30d', '', '0', '-1h'));
    await fc.assert(
      fc.asyncProperty(fc.record({ range: value, from: value, to: value }, { requiredKeys: [] }), async (params) => {
        const response = await detail(new URLSearchParams(params as Record<string, string>).toString());
        expect([200, 400]).toContain(response.status);
        if (response.status === 400) expect(response.headers.get('content-type')).toContain('application/problem+json');
      }),
      { numRuns: 60 },
    );
  });

  describe('in Chromium', () => {
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      browser = await launchChromium();
      page = await browser.newPage({ colorScheme: 'light', viewport: { width: 1280, height: 1000 } });
      errors = collectPageErrors(page);
      // Every Content-Security-Policy violation of the page (uPlot styles its elements through CSSOM, which is allowed).
      await page.addInitScript(
        "window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
      );
    });

    /** Painted pixels of a chart's canvas (uPlot draws everything on it); with `magenta`, only those tinted magenta. */
    const paintedPixels = (selector: string, magenta = false): Promise<number> =>
      page.evaluate(`(() => {
        const canvas = document.querySelector(${JSON.stringify(`${selector} canvas`)});
        if (!canvas) return 0;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (${magenta} ? data[i + 3] > 0 && data[i] > 200 && data[i + 2] > 200 && data[i + 1] < 100 : data[i + 3] > 0) n += 1;
        }
        return n;
      })()`);

    test('the charts are drawn, the range is switched by keyboard, the tables are filled, and nothing is inaccessible', async () => {
      await page.goto(`${observer.url}/target.html?name=shop&range=1h`);
      await page.locator('#status', { hasText: 'Showing the last hour' }).waitFor({ timeout: 10_000 });
      expect(await page.locator('#title').textContent()).toBe('Target: shop');
      expect(Number(await page.locator('#latency-chart').getAttribute('data-points'))).toBeGreaterThan(0);
      expect(await paintedPixels('#latency-chart')).toBeGreaterThan(1000);
      expect(await paintedPixels('#errors-chart')).toBeGreaterThan(1000);
      expect(await page.locator('#latency-summary').textContent()).toMatch(
        /^Over the last hour \(\d[\d,]* polls\): median latency about .+ ms, highest p95 .+; down for .+; 2 incidents; 1 watchdog action\.$/,
      );
      expect(await page.locator('#band-legend li').allTextContents()).toEqual(
        expect.arrayContaining(['Down', 'Up', 'incident start', 'watchdog action']),
      );
      expect(await page.locator('#recent tbody tr').count()).toBeGreaterThan(5);
      expect(await page.locator('#checks tbody tr', { hasText: 'postgres:responseTime' }).count()).toBe(1);
      const incident = page.locator('#incidents a').first();
      expect(await incident.getAttribute('href')).toMatch(/^\/incident\.html\?id=[0-9a-f-]{36}$/);
      expect(await page.locator('#watchdog li').textContent()).toContain('restarted shop (liveness)');
      expect(await seriousAxeFindings(page)).toEqual([]);
      // The screenshot: the minute around the outage (a custom range from the URL), bands and markers at full width.
      await page.goto(`${observer.url}/target.html?name=shop&${range(outageAt - 40_000, Math.max(Date.now(), outageAt + 20_000) + 5_000)}`);
      await page.locator('#status', { hasText: /^Showing .+ – .+\.$/ }).waitFor({ timeout: 10_000 });
      expect(await page.locator('input[name="range"][value="custom"]').isChecked()).toBe(true);
      expect(await paintedPixels('#latency-chart')).toBeGreaterThan(1000);
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'target-light.png'), fullPage: true });
      await page.goto(`${observer.url}/target.html?name=shop&range=1h`);
      await page.locator('#status', { hasText: 'Showing the last hour' }).waitFor({ timeout: 10_000 });

      // Keyboard: focus the checked preset, arrow to the next one (24 h), which loads it.
      await page.locator('input[name="range"][value="1h"]').focus();
      await page.keyboard.press('ArrowRight');
      await page.locator('#status', { hasText: 'Showing the last 24 hours' }).waitFor({ timeout: 10_000 });
      expect(page.url()).toContain('range=24h');
      expect(await paintedPixels('#latency-chart')).toBeGreaterThan(1000);
      // Custom: the inputs are labelled; a reversed range is refused before asking the API.
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(await page.locator('#custom').isVisible()).toBe(true);
      await page.getByLabel('From (local time)').fill('2026-01-02T10:00');
      await page.getByLabel('To (local time)').fill('2026-01-01T10:00');
      await page.getByRole('button', { name: 'Show' }).press('Enter');
      await page.locator('#error', { hasText: 'The end must be after the start.' }).waitFor({ timeout: 5_000 });
      await page.getByLabel('To (local time)').fill('2026-01-02T10:30');
      await page.getByRole('button', { name: 'Show' }).press('Enter');
      await page.locator('#status', { hasText: /^Showing .+ – .+\.$/ }).waitFor({ timeout: 5_000 });
      expect(await page.locator('#error').isHidden()).toBe(true);
      expect(page.url()).toContain(`from=${encodeURIComponent(new Date(2026, 0, 2, 10, 0).toISOString())}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
      expect(await page.evaluate('window.cspViolations')).toEqual([]);
      expect(errors).toEqual([]);
    }, 60_000);

    test('switching the colour mode redraws the charts in the theme’s chart colours, without a reload', async () => {
      await page.goto(`${observer.url}/target.html?name=shop&range=1h`);
      await page.locator('#status', { hasText: 'Showing the last hour' }).waitFor({ timeout: 10_000 });
      // The theme's role token for "up" changes (as the theme service's stylesheet would set it)…
      await page.evaluate("document.documentElement.style.setProperty('--erp-success', 'rgb(255, 0, 255)')");
      expect(await paintedPixels('#latency-chart', true)).toBe(0);
      // …and the mode switch sets data-erp-theme on <html>: the charts are drawn again, the UP band in the new colour.
      await page.selectOption('#theme-mode', 'dark');
      expect(await page.evaluate('document.documentElement.dataset.erpTheme')).toBe('standard-dark');
      await waitFor(async () => (await paintedPixels('#latency-chart', true)) > 100 && (await paintedPixels('#errors-chart', true)) > 100, {
        timeoutMs: 5_000,
        message: 'the UP band in the new colour on both charts',
      });
      expect(errors).toEqual([]);
    }, 60_000);

    test('a preset moves along every 30 s: the charts get the new data in place', async () => {
      await page.clock.install();
      await page.clock.resume();
      await page.goto(`${observer.url}/target.html?name=shop&range=1h`);
      await page.locator('#status', { hasText: 'Showing the last hour' }).waitFor({ timeout: 10_000 });
      const polls = async () =>
        Number(/\((\d[\d,]*) polls\)/.exec((await page.locator('#latency-summary').textContent()) ?? '')?.[1]?.replace(/,/g, ''));
      const before = await polls();
      await page.evaluate("document.querySelector('#latency-chart canvas').dataset.first = 'yes'");
      await waitFor(async () => (await observer.get<TargetDetail>('/api/v1/targets/shop/detail?range=1h')).summary.samples > before + 1, {
        message: 'two more polls stored',
      });
      const refreshed = page.waitForResponse((r) => r.url().includes('/api/v1/targets/shop/detail?range=1h'));
      await page.clock.fastForward(30_000);
      await refreshed;
      await waitFor(async () => (await polls()) > before, { timeoutMs: 5_000, message: 'the summary counts the new polls' });
      expect(await page.locator('#latency-chart canvas').getAttribute('data-first')).toBe('yes');
      expect(await page.locator('#status').textContent()).toBe('Showing the last hour.');
      expect(errors).toEqual([]);
    }, 60_000);
  });
});

describe('the target detail without InfluxDB', () => {
  let shop: FakeTarget;
  let observer: ObserverHarness;

  beforeAll(async () => {
    shop = await startFakeTarget('shop');
    observer = await startObserver(fastConfig([{ name: 'shop', url: shop.healthUrl }]));
  });
  afterAll(async () => {
    await observer?.stop();
    await shop?.close();
  });

  test('answers from the in-memory history and says so; uPlot is served same-origin', async () => {
    let body!: TargetDetail;
    await waitFor(
      async () => {
        body = await observer.get<TargetDetail>('/api/v1/targets/shop/detail?range=1h');
        return body.summary.samples >= 3;
      },
      { timeoutMs: 10_000, message: 'three polls in memory' },
    );
    expect(body).toMatchObject({ source: 'memory', resolution: 'raw', bucketSeconds: 30 });
    expect(body.series[0]).toMatchObject({ errorRate: 0 });
    expect(body.recentChecks[0]).toMatchObject({ outcome: 'ok', httpStatus: null, reason: null });
    expect(body.bands.map((b) => b.state)).toEqual(['UP']);

    const script = await fetch(`${observer.url}/vendor/uplot/uPlot.esm.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('export { uPlot as default }');
    const css = await fetch(`${observer.url}/vendor/uplot/uPlot.min.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${observer.url}/vendor/uplot/package.json`)).status).toBe(404);
    const openapi = await observer.get<{ paths: Record<string, unknown> }>('/openapi.json');
    expect(Object.keys(openapi.paths)).toContain('/api/v1/targets/{name}/detail');
  });
});

describe('range rules of the target detail', () => {
  const now = Date.UTC(2026, 11, 2, 12);
  const retention = { raw: retentionMs('7d'), rollup1m: retentionMs('90d'), rollup1h: retentionMs('104w') };
  const choose = (span: number, endsAgo = 0) => chooseResolution(now - endsAgo - span, now - endsAgo, now, retention);

  test('raw samples up to 1 h in at most ~120 buckets, the 1-minute rollup up to 24 h, the hourly one beyond or past retention', () => {
    expect(choose(5 * 60_000)).toEqual({ resolution: 'raw', bucketMs: 5_000 });
    expect(choose(15 * 60_000)).toEqual({ resolution: 'raw', bucketMs: 10_000 });
    expect(choose(HOUR_MS)).toEqual({ resolution: 'raw', bucketMs: 30_000 });
    expect(choose(HOUR_MS + 1)).toEqual({ resolution: '1m', bucketMs: 60_000 });
    expect(choose(DAY_MS)).toEqual({ resolution: '1m', bucketMs: 60_000 });
    expect(choose(7 * DAY_MS)).toEqual({ resolution: '1h', bucketMs: HOUR_MS });
    expect(choose(HOUR_MS, 8 * DAY_MS)).toEqual({ resolution: '1m', bucketMs: 60_000 });
    expect(choose(HOUR_MS, 100 * DAY_MS)).toEqual({ resolution: '1h', bucketMs: HOUR_MS });
    expect([retentionMs('168h'), retentionMs('2w'), retentionMs('INF'), retentionMs('0s')]).toEqual([
      7 * DAY_MS,
      14 * DAY_MS,
      Infinity,
      Infinity,
    ]);
  });

  test('bands start with the state at `from`, end at the range end, and DEGRADED cuts into UP only', () => {
    const t = (s: number) => new Date(now + s * 1000);
    const intervals = stateIntervals(
      [
        { toState: 'UP', at: t(-100) },
        { toState: 'PENDING', at: t(10) },
        { toState: 'DOWN', at: t(20) },
        { toState: 'UP', at: t(30) },
      ],
      now,
      now + 60_000,
    );
    const seconds = (list: { state: string; from: number; to: number }[]) =>
      list.map((b) => [b.state, (b.from - now) / 1000, (b.to - now) / 1000]);
    expect(seconds(intervals)).toEqual([
      ['UP', 0, 10],
      ['PENDING', 10, 20],
      ['DOWN', 20, 30],
      ['UP', 30, 60],
    ]);
    const split = splitDegraded(intervals, [
      { from: now + 5_000, to: now + 15_000 },
      { from: now + 40_000, to: now + 50_000 },
    ]);
    expect(seconds(split)).toEqual([
      ['UP', 0, 5],
      ['DEGRADED', 5, 10],
      ['PENDING', 10, 20],
      ['DOWN', 20, 30],
      ['UP', 30, 40],
      ['DEGRADED', 40, 50],
      ['UP', 50, 60],
    ]);
    expect(stateIntervals([], now, now + 60_000)).toEqual([]);
  });
});
