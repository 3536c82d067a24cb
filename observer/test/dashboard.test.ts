import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObservedService } from '@erp/contracts';
import { collectPageErrors, launchChromium, seriousAxeFindings, waitFor } from '@erp/testing';
import type { Browser, Page } from 'playwright-core';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

describe('the overview page in a real browser', () => {
  let billing: FakeTarget;
  let orders: FakeTarget;
  let stock: FakeTarget;
  let observer: ObserverHarness;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const row = (name: string) => page.locator('.row', { has: page.locator('a.target-name', { hasText: new RegExp(`^${name}$`) }) });
  const visibleNames = async () => (await page.locator('.row:visible a.target-name').allTextContents()).sort();

  beforeAll(async () => {
    [billing, orders, stock] = await Promise.all([startFakeTarget('billing'), startFakeTarget('orders'), startFakeTarget('stock')]);
    observer = await startObserver(
      fastConfig([
        { name: 'billing', url: billing.healthUrl, labels: { team: 'finance' } },
        { name: 'orders', url: orders.healthUrl, labels: { team: 'commerce' } },
        { name: 'stock', url: stock.healthUrl, labels: { team: 'commerce' } },
      ]),
    );
    // Polls before the page opens: the page must start with them, not empty.
    await waitFor(
      async () => {
        const services = await observer.get<ObservedService[]>('/api/v1/services?heartbeat=5');
        return services.length === 3 && services.every((s) => s.state === 'UP' && (s.heartbeat?.at.length ?? 0) >= 3);
      },
      { timeoutMs: 15_000, message: 'three targets UP with three polls each' },
    );
    browser = await launchChromium();
    page = await browser.newPage({ colorScheme: 'light', viewport: { width: 1440, height: 820 } });
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await observer?.stop();
    await Promise.all([billing, orders, stock].map((t) => t?.close()));
  });

  test('the API gives each target its latest polls, p95 and (until the watchdog reports) no watchdog state; a bad heartbeat count is a 400', async () => {
    const services = await observer.get<ObservedService[]>('/api/v1/services?heartbeat=3');
    for (const s of services) {
      // Oldest first, in columns: three polls, all fine, no reasons.
      expect(s.heartbeat).toMatchObject({ outcome: 'ooo', reasons: {} });
      expect(s.heartbeat?.latencyMs).toHaveLength(3);
      const at = s.heartbeat?.at ?? [];
      expect(at).toHaveLength(3);
      expect((at[0] as number) < (at[1] as number) && (at[1] as number) < (at[2] as number)).toBe(true);
      expect(typeof s.p95LatencyMs).toBe('number');
      expect(s.watchdog).toBeNull();
    }
    expect((await observer.get<ObservedService[]>('/api/v1/services'))[0]?.heartbeat).toBeUndefined();
    const bad = await observer.request('/api/v1/services?heartbeat=many');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await observer.request('/api/v1/stream?heartbeat=1000')).status).toBe(400);
  });

  test('when the page opens, then every target is there with its earlier polls, and the bars fill live; grouping and filters by label and state work', async () => {
    await page.goto(observer.url);
    await page.locator('.row').nth(2).waitFor({ timeout: 10_000 });
    // The snapshot carried the polls made before the page opened.
    expect(await row('billing').locator('.b').count()).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => performance.getEntriesByName('overview:rows-built').length)).toBe(1);
    await page.locator('#conn.live').waitFor({ timeout: 10_000 });
    const before = await row('orders').locator('.b').count();
    await waitFor(async () => (await row('orders').locator('.b').count()) >= before + 2, { timeoutMs: 10_000, message: 'live beats' });
    expect(await row('orders').locator('.beats').getAttribute('aria-label')).toMatch(
      /^Last \d+ checks: \d+ ok, 0 degraded, 0 failed; latest ok$/,
    );
    expect(await page.locator('#summary .c-UP b').textContent()).toBe('3');

    await page.selectOption('#group-by', 'team');
    expect(await page.locator('.group-name').allTextContents()).toEqual(['commerce', 'finance']);
    expect(await page.locator('.group', { hasText: 'commerce' }).locator('.group-counts').textContent()).toBe('2 UP');

    await page.selectOption('#filter-label', 'team=finance');
    expect(await visibleNames()).toEqual(['billing']);
    await page.selectOption('#filter-label', '');
    await page.fill('#filter-text', 'sto');
    expect(await visibleNames()).toEqual(['stock']);
    await page.fill('#filter-text', '');
    await page.locator('#filter-state input[value="UP"]').uncheck();
    expect(await visibleNames()).toEqual([]);
    expect(await page.locator('#shown').textContent()).toBe('0 of 3 targets shown');
    await page.locator('#filter-state input[value="UP"]').check();
    expect(await visibleNames()).toEqual(['billing', 'orders', 'stock']);

    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('when a target fails, then its row turns DOWN live with failed beats; watchdog events show as its restarts, backoff and give-up', async () => {
    await page.locator('#filter-state input[value="DOWN"]').uncheck();
    billing.set({ kind: 'failing' });
    await row('billing').locator('.b-fail').first().waitFor({ timeout: 10_000 });
    // Filtered out by state the moment it turns DOWN …
    await waitFor(async () => !(await visibleNames()).includes('billing'), { timeoutMs: 15_000, message: 'billing hidden as DOWN' });
    // … and back with the DOWN box checked.
    await page.locator('#filter-state input[value="DOWN"]').check();
    await row('billing').locator('.pill', { hasText: 'DOWN' }).waitFor({ timeout: 5_000 });
    expect(await page.locator('#summary .c-DOWN b').textContent()).toBe('1');
    expect(await page.locator('.group', { hasText: 'finance' }).locator('.group-counts').textContent()).toBe('1 DOWN');
    await row('billing').locator('.cause', { hasText: /\S/ }).waitFor({ timeout: 5_000 });
    const failed = row('billing').locator('.b-fail').last();
    await failed.hover();
    expect(await failed.getAttribute('title')).toMatch(/ · failed · [\d.]+ ms · \S/);
    expect(await row('billing').locator('.beats').getAttribute('aria-label')).toMatch(/[1-9]\d* failed; latest failed$/);

    const report = (kind: string, severity: string, message: string, data: Record<string, unknown> = {}) =>
      observer.request('/api/v1/events', {
        method: 'POST',
        body: { source: 'watchdog', kind, target: 'billing', severity, message, data: { dryRun: false, ...data } },
      });
    expect((await report('restart', 'warning', 'restarting billing (attempt 1)')).status).toBe(202);
    await report('restart', 'warning', 'restarting billing (attempt 2)');
    await report('waiting-backoff', 'info', 'billing still DOWN: next restart not before later', {
      until: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await row('billing')
      .locator('.wd', { hasText: /^2 restarts in 24 h · backoff until / })
      .waitFor({ timeout: 10_000 });
    await page.locator('#recent li', { hasText: 'restarting billing (attempt 2)' }).waitFor({ timeout: 5_000 });
    await report('gave-up', 'critical', 'gave up on billing: 2 restarts did not make it healthy', { restartsInWindow: 2 });
    await row('billing')
      .locator('.wd', { hasText: /^gave up / })
      .waitFor({ timeout: 10_000 });
    const api = (await observer.get<ObservedService[]>('/api/v1/services')).find((s) => s.name === 'billing');
    expect(api?.watchdog).toMatchObject({ restarts24h: 2, gaveUp: true, backoffUntil: null, lastEvent: { kind: 'gave-up' } });

    expect(await seriousAxeFindings(page)).toEqual([]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'overview-light.png') });
    expect(errors).toEqual([]);
    billing.set({ kind: 'healthy' });
  });
});
