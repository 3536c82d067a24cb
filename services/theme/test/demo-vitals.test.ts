import { createLogger, startService, type RunningService } from '@erp/service-kit';
import { collectPageErrors, createTestDatabase, freePort, launchChromium, waitFor, type TestDatabase } from '@erp/testing';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import type { Browser, Page } from 'playwright-core';
import { buildThemeService, type ThemeConfig } from '../src/service';

interface VitalsSummary {
  pages: Array<{ page: string; metrics: Array<{ name: string; count: number }> }>;
}

/** A real theme service on `port` (0: any) with its own database and the given environment. */
async function startTheme(env: Record<string, string>, port = 0): Promise<{ url: string; stop(): Promise<void> }> {
  const db: TestDatabase = await createTestDatabase('theme_vitals');
  const service: RunningService<ThemeConfig> = await startService({
    // No token is ever sent here, so hr's keys are never fetched: the address only satisfies the routes that declare roles.
    ...buildThemeService({
      DATABASE_URL: db.url,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
      ...env,
    }),
    handleSignals: false,
    logger: createLogger({ name: 'theme', level: 'silent' }),
  });
  return {
    url: service.url,
    stop: async () => {
      await service.stop();
      await db.drop();
    },
  };
}

/**
 * The page's errors, except the browser's own request for /favicon.ico (the demo page names no icon: a 404 that is not
 * this feature's); every other failed response is listed by URL.
 */
function watchErrors(page: Page): () => string[] {
  const errors = collectPageErrors(page);
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico')
      failed.push(`${response.status()} ${response.url()}`);
  });
  return () => [...errors.filter((e) => !e.startsWith('Failed to load resource')), ...failed];
}

// A real browser on a shared 2-core machine: generous limits (no timing is asserted).
jest.setTimeout(120_000);

describe("the demo page reports its Web Vitals to the observer named by OBSERVER_PUBLIC_URL (and to nobody when it's unset)", () => {
  let observer: ObserverHarness;
  let reporting: { url: string; stop(): Promise<void> };
  let sampledOut: { url: string; stop(): Promise<void> };
  let silent: { url: string; stop(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    // The observer must know the demo page's origin before either starts: the theme gets a port chosen up front.
    const port = await freePort();
    observer = await startObserver(fastConfig([]), { OBSERVER_VITALS_ORIGINS: `http://127.0.0.1:${port}` });
    await Promise.all([
      startTheme({ OBSERVER_PUBLIC_URL: observer.url }, port).then((t) => (reporting = t)),
      startTheme({ OBSERVER_PUBLIC_URL: observer.url, THEME_VITALS_SAMPLE_RATE: '0' }).then((t) => (sampledOut = t)),
      startTheme({}).then((t) => (silent = t)),
      launchChromium().then((b) => (browser = b)),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([reporting?.stop(), sampledOut?.stop(), silent?.stop()]);
    await observer?.stop();
  });

  test('with OBSERVER_PUBLIC_URL: its CSP may connect there, and leaving the page sends LCP, TTFB and CLS as theme:/demo', async () => {
    const demo = await fetch(`${reporting.url}/demo`);
    expect(demo.headers.get('content-security-policy')).toContain(`connect-src 'self' ${observer.url}`);
    expect(await demo.text()).toContain(`data-endpoint="${observer.url}/api/v1/vitals"`);

    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${reporting.url}/demo`);
    await page.getByRole('button', { name: 'Save order' }).first().click();
    await page.goto('about:blank'); // hidden: the beacon goes out
    await waitFor(
      async () => {
        const found = (await observer.get<VitalsSummary>('/api/v1/vitals')).pages.find((p) => p.page === 'theme:/demo');
        return ['LCP', 'TTFB', 'CLS'].every((n) => found?.metrics.some((m) => m.name === n && m.count === 1));
      },
      { timeoutMs: 30_000, message: 'LCP, TTFB and CLS of theme:/demo at the observer' },
    );
    // Cross-origin and accepted: the observer refuses origins it was not given, so the page sent it from its own.
    expect(errors()).toEqual([]);
    await page.close();
  });

  test('sampled out (THEME_VITALS_SAMPLE_RATE=0) or without OBSERVER_PUBLIC_URL: nothing is loaded or sent', async () => {
    const html = await (await fetch(`${silent.url}/demo`)).text();
    expect(html).not.toContain('demo-vitals.js');
    expect((await fetch(`${silent.url}/demo`)).headers.get('content-security-policy')).not.toContain(observer.url);

    for (const theme of [sampledOut, silent]) {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(theme.url) && !request.url().startsWith('data:')) elsewhere.push(request.url());
      });
      const vitalsLibrary: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/web-vitals.js')) vitalsLibrary.push(request.url());
      });
      await page.goto(`${theme.url}/demo`);
      await page.getByRole('button', { name: 'Save order' }).first().click();
      await page.goto('about:blank');
      expect({ theme: theme.url, elsewhere, vitalsLibrary, errors: errors() }).toEqual({
        theme: theme.url,
        elsewhere: [],
        vitalsLibrary: [],
        errors: [],
      });
      await page.close();
    }
    expect((await observer.get<VitalsSummary>('/api/v1/vitals')).pages.map((p) => p.page)).toEqual(['theme:/demo']);
  });
});
