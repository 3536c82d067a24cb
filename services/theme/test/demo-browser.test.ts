import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { MODES } from '../src/domain/modes';
import { VARIANT_NAMES } from '../src/domain/variants/variant.registry';
import { call, startThemeServer, tokenOf, type ThemeServer } from './support/theme-server';

// The page-side globals these tests touch (the project compiles without the DOM library; functions run in Chromium).
declare const document: {
  documentElement: { getAttribute(name: string): string | null };
  querySelectorAll(selector: string): ArrayLike<{ className: string }>;
  querySelector(selector: string): unknown;
};
declare const window: {
  ErpTheme?: {
    current(): unknown;
    apply(preference: unknown): Promise<unknown>;
    loadPreferences(url: string, init: unknown): Promise<unknown>;
  };
  __marker?: number;
};
declare function getComputedStyle(element: unknown): { backgroundColor: string; getPropertyValue(name: string): string };
declare const performance: { getEntriesByType(type: string): unknown[] };

const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// A real browser on a shared 2-core machine: generous per-test limits (no timing is asserted).
jest.setTimeout(120_000);

let server: ThemeServer;
let context: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startThemeServer();
  userDataDir = mkdtempSync(path.join(tmpdir(), 'theme-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await server?.stop();
});

/** Opens the demo page and waits until the client script has applied a theme. */
async function openDemo(setup?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await context.newPage();
  if (setup) await setup(page);
  await page.goto(`${server.url}/demo`);
  await page.waitForFunction(() => window.ErpTheme?.current() != null);
  return page;
}

const rootTheme = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-erp-theme'));
const waitForTheme = (page: Page, key: string) =>
  page.waitForFunction((k) => document.documentElement.getAttribute('data-erp-theme') === k, key);
const setMarker = (page: Page, value: number) =>
  page.evaluate((v) => {
    window.__marker = v;
  }, value);
const marker = (page: Page) => page.evaluate(() => window.__marker);
const waitForPageBackground = (page: Page, expected: string) =>
  page.waitForFunction((bg) => getComputedStyle(document.documentElement).backgroundColor === bg, expected);

/** The colour a role has in a theme, as the browser writes computed colours. */
async function roleColors(key: string): Promise<Map<string, string>> {
  const doc = (await (await fetch(`${server.url}/themes/${key}.resolved.tokens.json`)).json()) as { role: Record<string, unknown> };
  const colors = new Map<string, string>();
  const walk = (group: Record<string, unknown>, prefix: string) => {
    for (const [name, node] of Object.entries(group)) {
      const token = node as { $type?: string; $value?: { components: number[] } };
      if (token.$type === 'color' && token.$value) {
        const [r, g, b] = token.$value.components.map((c) => Math.round(c * 255));
        colors.set(`${prefix}${name}`, `rgb(${r}, ${g}, ${b})`);
      } else if (!name.startsWith('$') && typeof node === 'object' && node && !('$value' in node))
        walk(node as Record<string, unknown>, `${prefix}${name}.`);
    }
  };
  walk(doc.role, '');
  return colors;
}

describe('demo page in headless Chromium', () => {
  it('when the mode is switched, then the theme changes without a reload and a screenshot per variant × mode is saved', async () => {
    const page = await openDemo();
    await setMarker(page, 4242);
    for (const variant of VARIANT_NAMES) {
      for (const mode of MODES) {
        await page.selectOption('#variant', variant);
        await page.selectOption('#mode', mode);
        await waitForTheme(page, `${variant}-${mode}`);
        const expected = (await roleColors(`${variant}-${mode}`)).get('background');
        await waitForPageBackground(page, expected as string);
        expect(await page.textContent('#current-theme')).toBe(`${variant}-${mode} (${mode})`);
        await page.locator('#live').screenshot({ path: path.join(ARTIFACTS, `demo-${variant}-${mode}.png`) });
      }
    }
    expect(await marker(page)).toBe(4242);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-full-page.png'), fullPage: true });
    await page.close();
  });

  it('when the mode is system, then it follows prefers-color-scheme, prefers-contrast and forced-colors as they change', async () => {
    const page = await openDemo();
    await setMarker(page, 7);
    await page.selectOption('#mode', 'system');
    await waitForTheme(page, 'standard-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await waitForTheme(page, 'standard-dark');
    await page.screenshot({ path: path.join(ARTIFACTS, 'system-prefers-dark.png') });
    await page.emulateMedia({ colorScheme: 'dark', contrast: 'more' });
    await waitForTheme(page, 'standard-high-contrast');
    await page.screenshot({ path: path.join(ARTIFACTS, 'system-prefers-more-contrast.png') });
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
    await waitForTheme(page, 'standard-light');
    await page.emulateMedia({ forcedColors: 'active' });
    await waitForTheme(page, 'standard-high-contrast');
    expect(await marker(page)).toBe(7);
    await page.close();
  });

  it('when the page opens while the system prefers dark, then the first theme applied is dark', async () => {
    const page = await openDemo((p) => p.emulateMedia({ colorScheme: 'dark' }));
    await waitForTheme(page, 'standard-dark');
    expect(await rootTheme(page)).toBe('standard-dark');
    await page.close();
  });

  it('when the mode is time of day, then the page turns dark at darkFrom without a reload', async () => {
    const page = await openDemo((p) => p.clock.install({ time: new Date('2026-03-02T18:58:30Z') }));
    await setMarker(page, 19);
    await page.evaluate(() =>
      window.ErpTheme?.apply({ variant: 'odoo', mode: 'time-of-day', schedule: { lightFrom: '07:00', darkFrom: '19:00' } }),
    );
    await waitForTheme(page, 'odoo-light');
    await page.clock.runFor(2 * 60_000);
    await waitForTheme(page, 'odoo-dark');
    expect(await marker(page)).toBe(19);
    await page.close();
  });

  it("when any panel of the gallery is inspected, then every colour a component uses is one of its theme's role colours", async () => {
    const page = await openDemo();
    for (const variant of VARIANT_NAMES) {
      for (const mode of MODES) {
        const key = `${variant}-${mode}`;
        const allowed = new Set((await roleColors(key)).values());
        const used = await page.evaluate((k) => {
          const props = ['color', 'background-color', 'border-top-color', 'border-left-color', 'outline-color'];
          const out: Array<{ cls: string; prop: string; value: string }> = [];
          for (const el of Array.from(document.querySelectorAll(`section[data-erp-theme="${k}"] [class*="erp-"]`))) {
            const style = getComputedStyle(el);
            for (const prop of props) {
              const value = style.getPropertyValue(prop);
              if (value !== 'rgba(0, 0, 0, 0)') out.push({ cls: el.className, prop, value });
            }
          }
          return out;
        }, key);
        expect(used.length).toBeGreaterThan(100);
        expect(used.filter((u) => !allowed.has(u.value))).toEqual([]);
      }
    }
    await page.close();
  });

  it("when a user's stored preference names a custom theme, then the client loads it from the API and paints with its tokens", async () => {
    const theme = await call(server.url, 'POST', '/api/v1/themes', {
      as: 'ada',
      body: { name: 'Mint', variant: 'modern', overrides: { dark: { 'role.primary': '#6ee7b7', 'role.primary-hover': '#a7f3d0' } } },
    });
    expect(theme.status).toBe(201);
    const id = theme.json.id as string;
    expect(
      (await call(server.url, 'PUT', '/api/v1/preferences/me', { as: 'ada', body: { variant: 'modern', customThemeId: id, mode: 'dark' } }))
        .status,
    ).toBe(200);
    const page = await openDemo();
    await setMarker(page, 5);
    await page.evaluate(
      (authorization) => window.ErpTheme?.loadPreferences('/api/v1/preferences/me', { headers: { authorization } }),
      `Bearer ${tokenOf('ada')}`,
    );
    await waitForTheme(page, `${id}-dark`);
    const primary = await page.evaluate(() => getComputedStyle(document.querySelector('#live .erp-btn--primary')).backgroundColor);
    expect(primary).toBe('rgb(110, 231, 183)');
    expect(await marker(page)).toBe(5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'custom-theme-dark.png') });
    await page.close();
  });
});
