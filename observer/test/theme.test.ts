import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '@erp/service-kit';
import {
  collectPageErrors,
  createTestDatabase,
  freePort,
  launchChromium,
  seriousAxeFindings,
  waitFor,
  type TestDatabase,
} from '@erp/testing';
import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { startTestTheme, type TestTheme } from '@erp/harness/theme';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { buildObserverService, type ObserverEnvConfig } from '../src/service';
import { STANDARD_THEME_CSS } from '../src/theme/builtin-tokens';
import { parseThemeCss } from '../src/theme/theme-css';

/** A real observer on a given database (so a restart keeps what the first one stored). */
async function startObserverOn(
  databaseUrl: string,
  themeUrl: string,
  env: Record<string, string> = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'observer-theme-'));
  const configPath = join(dir, 'observer_config.json');
  await writeFile(
    configPath,
    JSON.stringify({ targets: [{ name: 'theme', url: `${themeUrl}/health`, intervalSeconds: 5 }], reports: { enabled: false } }),
  );
  const service: RunningService<ObserverEnvConfig> = await startService({
    ...buildObserverService({
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      OBSERVER_CONFIG: configPath,
      THEME_URL: themeUrl,
      ...env,
    }),
    handleSignals: false,
  });
  return {
    url: service.url,
    stop: async () => {
      await service.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
};

/** The value of `--erp-<role>` in the block of `key` of a stylesheet. */
function tokenOf(css: string, key: string, role: string): string {
  const parsed = parseThemeCss(css.replace(/:where\([^{]*\{[^}]*\}|@media[^{]*\{[^{}]*\{[^}]*\}\s*\}/g, ''));
  if (!parsed.ok) throw new Error(parsed.reason);
  const value = parsed.blocks.find((b) => b.key === key)?.properties.find(([name]) => name === `--erp-${role}`)?.[1];
  if (!value) throw new Error(`no --erp-${role} in ${key}`);
  return value;
}

/** Read in the page (this file is compiled without the DOM library, so as expressions). */
const THEME_KEY = 'document.documentElement.dataset.erpTheme';
const BACKGROUND = 'getComputedStyle(document.documentElement).backgroundColor';

/** #rrggbb → what getComputedStyle reports. */
const rgb = (hex: string): string => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

const expectStrictCsp = (header: string | undefined) => {
  const csp = header ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
};

describe('the dashboard theme: mirrored from the theme service, kept while it is down, built in when it never answered', () => {
  let idp: TestIdentityProvider;
  let theme: TestTheme;
  let db: TestDatabase;
  /** A custom theme of the employee (dark background overridden to black), created at theme. */
  let customId: string;
  let observer: { url: string; stop(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  /** all.css as the theme service serves it, and as the observer re-writes it. */
  let upstream: string;
  let served: string;

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    theme = await startTestTheme({ env: { HR_URL: idp.url } });
    db = await createTestDatabase('observer_theme');
    observer = await startObserverOn(db.url, theme.url, { HR_URL: idp.url });
    browser = await launchChromium();
    upstream = (await get(`${theme.url}/themes/all.css`)).text;
    const parsed = parseThemeCss(upstream);
    if (!parsed.ok) throw new Error(`theme's all.css does not parse: ${parsed.reason}`);
    served = parsed.css;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await observer?.stop();
    await theme?.stop();
    await db?.drop();
    await idp?.stop();
  });

  it('when theme answers, then /theme/tokens.css is its CSS for every variant × mode, with an ETag and X-Theme-Source: theme', async () => {
    const res = await waitFor(
      async () => {
        const r = await get(`${observer!.url}/theme/tokens.css`);
        return r.headers.get('x-theme-source') === 'theme' ? r : undefined;
      },
      { timeoutMs: 10_000, message: 'tokens fetched from theme' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.text).toContain(served);
    for (const variant of ['odoo', 'standard', 'modern', 'classic'])
      for (const mode of ['light', 'dark', 'high-contrast']) expect(res.text).toContain(`[data-erp-theme="${variant}-${mode}"] {`);
    const etag = res.headers.get('etag') as string;
    expect(etag).toMatch(/^"[0-9a-f]{20}"$/);
    const again = await get(`${observer!.url}/theme/tokens.css`, { 'if-none-match': `W/${etag}` });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    // the page's CSP is unchanged by the theme: same-origin only
    expectStrictCsp((await get(`${observer!.url}/status.html`)).headers.get('content-security-policy') ?? undefined);
    // the observer's own health reports the theme mirror as a non-required check
    await waitFor(async () => {
      const h = JSON.parse((await get(`${observer!.url}/health`)).text) as { checks: Record<string, Array<{ status: string }>> };
      return h.checks['theme:responseTime']?.[0]?.status === 'pass';
    });
  });

  it("when the built-in tokens are compared with the running theme service's standard variant, then they are the same bytes", async () => {
    const standard = await Promise.all(
      ['light', 'dark', 'high-contrast'].map(async (m) => (await get(`${theme.url}/themes/standard-${m}.css`)).text),
    );
    expect(standard.join('')).toBe(STANDARD_THEME_CSS);
  });

  it('when a page asks for a custom theme, then the observer mirrors its three modes from theme under /theme/custom/<id>.css', async () => {
    const created = await fetch(`${theme.url}/api/v1/themes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await idp.login('employee@erp.example')}` },
      body: JSON.stringify({ name: 'Midnight', variant: 'standard', overrides: { dark: { 'role.background': '#000000' } } }),
    });
    const body = (await created.json()) as { id: string };
    expect(created.status).toBe(201);
    customId = body.id;
    const res = await get(`${observer!.url}/theme/custom/${customId}.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-theme-source')).toBe('theme');
    expect(tokenOf(res.text, `${customId}-dark`, 'background')).toBe('#000000');
    for (const mode of ['light', 'high-contrast']) expect(res.text).toContain(`[data-erp-theme="${customId}-${mode}"] {`);
    const etag = res.headers.get('etag') as string;
    expect((await get(`${observer!.url}/theme/custom/${customId}.css`, { 'if-none-match': etag })).status).toBe(304);
    // an id theme does not know is 404, a malformed one 400
    expect((await get(`${observer!.url}/theme/custom/00000000-0000-4000-8000-000000000000.css`)).status).toBe(404);
    expect((await get(`${observer!.url}/theme/custom/..%2Fall.css`)).status).toBe(400);
  });

  it('when a user is signed in, then the page follows their stored preference, and the switcher saves a new mode at theme without a reload', async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const headers = { 'x-erp-csrf': '1', origin: observer!.url };
    const login = await page.request.post(`${observer!.url}/api/v1/session`, {
      headers,
      data: { email: 'employee@erp.example', password: idp.password },
    });
    expect(login.status()).toBe(200);
    const put = (data: unknown) => page.request.put(`${observer!.url}/api/v1/session/preference`, { headers, data });
    expect((await put({ variant: 'odoo', mode: 'dark' })).status()).toBe(200);
    const tokens = (await get(`${observer!.url}/theme/tokens.css`)).text;
    await page.emulateMedia({ colorScheme: 'light' });
    // any page with the shell: the silences page (an employee reads it)
    await page.goto(`${observer!.url}/silences.html`);
    const key = () => page.evaluate<string | undefined>(THEME_KEY);
    const background = () => page.evaluate<string>(BACKGROUND);
    await waitFor(async () => (await key()) === 'odoo-dark', { message: "the user's variant and mode" });
    expect(await background()).toBe(rgb(tokenOf(tokens, 'odoo-dark', 'background')));
    await page.getByLabel('Theme', { exact: true }).selectOption('high-contrast');
    expect(await key()).toBe('odoo-high-contrast');
    expect(await background()).toBe(rgb(tokenOf(tokens, 'odoo-high-contrast', 'background')));
    await waitFor(
      async () => {
        const session = (await (await page.request.get(`${observer!.url}/api/v1/session`)).json()) as {
          preference: { mode: string } | null;
        };
        return session.preference?.mode === 'high-contrast';
      },
      { message: 'the new mode stored at theme' },
    );
    // a custom theme: its stylesheet comes from the observer, same origin
    expect((await put({ variant: 'standard', customThemeId: customId, mode: 'dark' })).status()).toBe(200);
    await page.reload();
    await waitFor(async () => (await key()) === `${customId}-dark`, { message: 'the custom theme applied' });
    await waitFor(async () => (await background()) === 'rgb(0, 0, 0)', { message: "the custom theme's dark background" });
    expect(await page.locator(`link[href="/theme/custom/${customId}.css"]`).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when theme stops, then the observer keeps serving the last good copy, also after a restart on the same database', async () => {
    await theme.stopProcess();
    const during = await get(`${observer!.url}/theme/tokens.css`);
    expect(during.status).toBe(200);
    expect(during.text).toContain(served);
    await observer!.stop();
    observer = await startObserverOn(db.url, theme.url, { HR_URL: idp.url });
    const after = await waitFor(
      async () => {
        const r = await get(`${observer!.url}/theme/tokens.css`);
        return r.headers.get('x-theme-source') === 'stored' ? r : undefined;
      },
      { timeoutMs: 10_000, message: 'the stored copy served with theme down' },
    );
    expect(after.text).toContain(served);
    expect(after.headers.get('x-theme-fetched-at')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const health = await waitFor(async () => {
      const h = JSON.parse((await get(`${observer!.url}/health`)).text) as {
        checks: Record<string, Array<{ status: string; output?: string }>>;
      };
      const check = h.checks['theme:responseTime']?.[0];
      return check && check.status !== 'pass' ? check : undefined;
    });
    expect(health.status).toBe('warn');
    expect(health.output).toContain('serving stored tokens');
    const custom = await get(`${observer!.url}/theme/custom/${customId}.css`);
    expect(custom.status).toBe(200);
    expect(custom.headers.get('x-theme-source')).toBe('stored');
    expect(tokenOf(custom.text, `${customId}-dark`, 'background')).toBe('#000000');
  });

  describe('in Chromium, with theme stopped', () => {
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      page = await browser!.newPage();
      errors = collectPageErrors(page);
      // runs through the DevTools protocol, so the page's CSP does not apply to it
      await page.addInitScript({
        content: `window.cspViolations = [];
          document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`,
      });
    }, 60_000);

    const background = () => page.evaluate<string>(BACKGROUND);
    const themeKey = () => page.evaluate<string | undefined>(THEME_KEY);
    const cspViolations = () => page.evaluate<string[]>('window.cspViolations');

    it('when the status page loads, then it paints with the stored tokens and switches light → dark → high contrast without a reload', async () => {
      const tokens = (await get(`${observer!.url}/theme/tokens.css`)).text;
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
      const response = await page.goto(`${observer!.url}/status.html`);
      expectStrictCsp(response!.headers()['content-security-policy']);
      await page.locator('#groups .group').first().waitFor();
      expect(await themeKey()).toBe('standard-light');
      expect(await background()).toBe(rgb(tokenOf(tokens, 'standard-light', 'background')));
      await page.evaluate('window.marker = 42');
      const select = page.getByLabel('Theme', { exact: true });
      await select.selectOption('dark');
      expect(await themeKey()).toBe('standard-dark');
      expect(await background()).toBe(rgb(tokenOf(tokens, 'standard-dark', 'background')));
      await select.selectOption('high-contrast');
      expect(await themeKey()).toBe('standard-high-contrast');
      expect(await background()).toBe(rgb(tokenOf(tokens, 'standard-high-contrast', 'background')));
      expect(await page.evaluate('window.marker')).toBe(42);
      expect(await page.evaluate<number>("performance.getEntriesByType('navigation').length")).toBe(1);
      expect(await seriousAxeFindings(page)).toEqual([]);
      // signed out, the mode is remembered locally; back to system, which follows the emulated dark scheme
      await page.reload();
      expect(await themeKey()).toBe('standard-high-contrast');
      await page.getByLabel('Theme', { exact: true }).selectOption('system');
      await page.emulateMedia({ colorScheme: 'dark' });
      await waitFor(async () => (await themeKey()) === 'standard-dark');
      expect(await background()).toBe(rgb(tokenOf(tokens, 'standard-dark', 'background')));
      expect(await cspViolations()).toEqual([]);
      expect(errors).toEqual([]);
    });

    it('when the overview loads, then it renders with the stored tokens and its switcher changes the mode without a reload', async () => {
      const tokens = (await get(`${observer!.url}/theme/tokens.css`)).text;
      await page.emulateMedia({ colorScheme: 'light' });
      const response = await page.goto(`${observer!.url}/`);
      expect(response!.status()).toBe(200);
      expectStrictCsp(response!.headers()['content-security-policy']);
      const select = page.getByLabel('Theme', { exact: true });
      await select.waitFor();
      await select.selectOption('light');
      expect(await background()).toBe(rgb(tokenOf(tokens, 'standard-light', 'background')));
      await select.selectOption('dark');
      expect(await themeKey()).toBe('standard-dark');
      expect(await background()).toBe(rgb(tokenOf(tokens, 'standard-dark', 'background')));
      await select.selectOption('high-contrast');
      expect(await background()).toBe(rgb(tokenOf(tokens, 'standard-high-contrast', 'background')));
      expect(await page.evaluate<number>("performance.getEntriesByType('navigation').length")).toBe(1);
      expect(await cspViolations()).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  describe('when THEME_URL never answered', () => {
    let silent: { url: string; stop(): Promise<void> };
    let silentDb: TestDatabase;
    let junk: Server;
    let junkObserver: { url: string; stop(): Promise<void> };
    let junkDb: TestDatabase;

    beforeAll(async () => {
      silentDb = await createTestDatabase('observer_theme_none');
      silent = await startObserverOn(silentDb.url, `http://127.0.0.1:${await freePort()}`);
      // a "theme" that answers 200 text/css with something that is not theme CSS
      junk = createServer((_req, res) => {
        res.setHeader('content-type', 'text/css');
        res.end('[data-erp-theme="standard-light"] { --erp-background: url(https://evil.example/x); }\nbody { display: none }');
      });
      await new Promise<void>((resolve) => junk.listen(0, '127.0.0.1', resolve));
      junkDb = await createTestDatabase('observer_theme_junk');
      junkObserver = await startObserverOn(junkDb.url, `http://127.0.0.1:${(junk.address() as AddressInfo).port}`);
    }, 60_000);
    afterAll(async () => {
      await silent?.stop();
      await junkObserver?.stop();
      await new Promise((resolve) => junk?.close(resolve));
      await silentDb?.drop();
      await junkDb?.drop();
    });

    it('then the built-in standard tokens are served (X-Theme-Source: built-in) and a page paints with them', async () => {
      const res = await get(`${silent.url}/theme/tokens.css`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-theme-source')).toBe('built-in');
      const builtIn = parseThemeCss(STANDARD_THEME_CSS);
      expect(builtIn.ok && res.text.includes(builtIn.css)).toBe(true);
      expect(res.text).not.toContain('odoo-light"]');
      const page = await browser!.newPage();
      const errors = collectPageErrors(page);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`${silent.url}/status.html`);
      await page.locator('#groups .group').first().waitFor();
      expect(await page.evaluate<string>(BACKGROUND)).toBe(rgb(tokenOf(res.text, 'standard-dark', 'background')));
      expect(errors).toEqual([]);
      await page.close();
    });

    it('then what a broken theme sends is refused: built-in tokens, nothing of its body', async () => {
      const res = await get(`${junkObserver.url}/theme/tokens.css`);
      expect(res.headers.get('x-theme-source')).toBe('built-in');
      expect(res.text).not.toContain('evil.example');
      expect(res.text).not.toContain('display: none');
    });
  });
});

describe('theme CSS validation (property)', () => {
  const valid = parseThemeCss(STANDARD_THEME_CSS);
  /** Every line the observer may serve from a parsed file: a block head, a role with a token value, color-scheme, a close. */
  const SAFE_LINE =
    /^(?:\[data-erp-theme="[a-z0-9]+(?:-[a-z0-9]+)*"\] \{| {2}color-scheme: (?:light|dark);| {2}--erp-[a-z0-9]+(?:-[a-z0-9]+)*: [A-Za-z0-9 #%().,/"_-]+;|\})$/;
  const safe = (css: string) => css.split('\n').every((line) => line === '' || SAFE_LINE.test(line)) && !/url\(|expression\(/i.test(css);

  it('when arbitrary bytes arrive, then they are refused or re-written into the token grammar only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const parsed = parseThemeCss(bytes);
        return !parsed.ok || safe(parsed.css);
      }),
      { numRuns: 2000 },
    );
  });

  it('when arbitrary text is spliced into a valid theme file, then the result is refused or still only tokens, and parsing is idempotent', () => {
    if (!valid.ok) throw new Error(valid.reason);
    fc.assert(
      fc.property(
        fc.nat(STANDARD_THEME_CSS.length),
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.constantFrom('url(x)', '}body{', '\\', '</style>', '@import "x";', ';--erp-x:expression(1)', 'rgb(', '"'),
        ),
        (at, text) => {
          const parsed = parseThemeCss(STANDARD_THEME_CSS.slice(0, at) + text + STANDARD_THEME_CSS.slice(at));
          if (!parsed.ok) return true;
          const again = parseThemeCss(parsed.css);
          return safe(parsed.css) && again.ok && again.css === parsed.css;
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('when a file is over the size cap or not UTF-8, then it is refused', () => {
    expect(parseThemeCss(Buffer.from([0xff, 0xfe, 0x00]))).toEqual({ ok: false, reason: 'not UTF-8' });
    expect(parseThemeCss(STANDARD_THEME_CSS, 100).ok).toBe(false);
    expect(parseThemeCss('').ok).toBe(false);
  });
});
