import { launchChromium, waitFor } from '@erp/testing';
import type { Browser } from 'playwright-core';
import { startFakeTarget, type FakeTarget } from './support/fake-target';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';

describe('the dashboard in a real browser', () => {
  let target: FakeTarget;
  let observer: ObserverHarness;
  let browser: Browser;

  beforeAll(async () => {
    target = await startFakeTarget('billing');
    observer = await startObserver(fastConfig([{ name: 'billing', url: target.healthUrl, labels: { team: 'finance' } }]));
    await waitFor(async () => (await observer.get<{ state: string }[]>('/api/v1/services'))[0]?.state === 'UP', {
      timeoutMs: 10_000,
      message: 'UP',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await observer.stop();
    await target.close();
  });

  test('when a target fails while the page is open, then its card turns DOWN live and the incident and event lists fill', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(observer.url);
    const pill = page.locator('.card .pill');
    await pill.filter({ hasText: 'UP' }).waitFor({ timeout: 10_000 });
    await page.locator('#conn.live').waitFor({ timeout: 10_000 });
    // The sparkline fills from live samples.
    await waitFor(async () => ((await page.locator('.card polyline').getAttribute('points')) ?? '').split(' ').length >= 2, {
      timeoutMs: 10_000,
      message: 'sparkline',
    });

    target.set({ kind: 'failing' });
    await pill.filter({ hasText: 'DOWN' }).waitFor({ timeout: 15_000 });
    await page.locator('#incidents li', { hasText: 'billing' }).first().waitFor({ timeout: 10_000 });

    await observer.request('/api/v1/events', {
      method: 'POST',
      body: { source: 'watchdog', kind: 'restart', target: 'billing', severity: 'warning', message: 'restarted the process' },
    });
    await page.locator('#events li', { hasText: 'restarted the process' }).waitFor({ timeout: 10_000 });

    await page.fill('#filter', 'team=other');
    expect(await page.locator('.card').isHidden()).toBe(true);
    await page.fill('#filter', 'team=finance');
    expect(await page.locator('.card').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    target.set({ kind: 'healthy' });
  });
});
