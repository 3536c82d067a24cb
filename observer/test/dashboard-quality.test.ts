/**
 * Every dashboard page, signed out and signed in as an admin, in light, dark and high contrast (the system's setting,
 * as a signed-out visitor gets it), against a real observer with real InfluxDB history, a real hr and real Chromium:
 * - no serious or critical axe-core finding;
 * - every link, button and field is reached with Tab, and the focused element shows a visible focus indicator;
 * - every API the page calls is in the observer's OpenAPI document;
 * - no script error, no CSP violation;
 * - a screenshot per page and mode in docs/screenshots/modes.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { collectPageErrors, launchChromium, seriousAxeFindings, startInfluxServer, waitFor, type InfluxServer } from '@erp/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeTarget, type FakeTarget } from './support/fake-target';

/** Every page in every mode (the README shows the curated ones that the pages' own tests write one level up). */
const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots/modes');
const MODES = [
  { name: 'light', colorScheme: 'light', contrast: 'no-preference' },
  { name: 'dark', colorScheme: 'dark', contrast: 'no-preference' },
  { name: 'high-contrast', colorScheme: 'dark', contrast: 'more' },
] as const;

let influxd: InfluxServer;
let idp: TestIdentityProvider;
let billing: FakeTarget;
let ledger: FakeTarget;
let observer: ObserverHarness;
let browser: Browser;
let incidentId: string;
let openApiPaths: RegExp[];

beforeAll(async () => {
  influxd = await startInfluxServer();
  idp = await startTestIdentityProvider();
  billing = await startFakeTarget('billing');
  ledger = await startFakeTarget('ledger');
  const database = `quality_${Date.now()}`;
  observer = await startObserver(
    fastConfig([
      { name: 'billing', url: billing.healthUrl, labels: { team: 'finance', group: 'Shop' } },
      { name: 'ledger', url: ledger.healthUrl, labels: { team: 'finance', group: 'Books' } },
    ]),
    { INFLUX_URL: influxd.urlFor(database), HR_URL: idp.url },
  );
  await waitFor(async () => (await observer.get<{ state: string }[]>('/api/v1/services')).every((s) => s.state === 'UP'), {
    timeoutMs: 20_000,
    message: 'both targets UP',
  });
  // an outage and its recovery: an incident with notifications, a watchdog action and a silence on the record
  ledger.set({ kind: 'failing' });
  await waitFor(async () => (await observer.get<{ name: string; state: string }[]>('/api/v1/services')).some((s) => s.state === 'DOWN'), {
    timeoutMs: 20_000,
    message: 'ledger DOWN',
  });
  await observer.request('/api/v1/events', {
    method: 'POST',
    body: { source: 'watchdog', kind: 'restart', target: 'ledger', severity: 'warning', message: 'restarted the container' },
  });
  ledger.set({ kind: 'healthy' });
  const incidents = await waitFor(
    async () => {
      const list = await observer.get<{ id: string; endedAt: string | null }[]>('/api/v1/incidents');
      return list.find((i) => i.endedAt !== null);
    },
    { timeoutMs: 30_000, message: 'a closed incident' },
  );
  incidentId = incidents.id;
  const silence = await observer.request('/api/v1/silences', {
    method: 'POST',
    body: { target: 'billing', durationMinutes: 60, comment: 'invoice run', createdBy: 'quality test' },
  });
  expect(silence.status).toBe(201);
  const spec = await observer.get<{ paths: Record<string, unknown> }>('/openapi.json');
  openApiPaths = Object.keys(spec.paths).map((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`));
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await observer?.stop();
  await Promise.all([billing?.close(), ledger?.close()]);
  await idp?.stop();
  await influxd?.stop();
});

const pages = () => [
  { id: 'overview', path: '/', ready: '#main a[href*="target.html"]' },
  { id: 'target', path: '/target.html?name=ledger', ready: '#main canvas' },
  { id: 'incidents', path: '/incidents.html', ready: '#main a[href*="incident.html"]' },
  { id: 'incident', path: `/incident.html?id=${incidentId}`, ready: '#main h1' },
  { id: 'silences', path: '/silences.html', ready: '#main table, #main ul' },
  { id: 'vitals', path: '/vitals.html', ready: '#main h1' },
  { id: 'status', path: '/status.html', ready: '#groups li' },
];

/**
 * Elements a keyboard user must be able to reach: visible, enabled links, buttons and fields, each tagged with a key
 * (a radio group is one stop: Tab reaches it, the arrow keys move within it; the content of a closed <details> is
 * reached by opening it, and its <summary> is in the list). Returns key → a short description.
 * Page code is passed as an expression: the tests' TypeScript has no DOM library.
 */
const TAG_INTERACTIVE = `(() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea, [tabindex="0"]';
  return [...document.querySelectorAll(selector)]
    .filter((n) => {
      const r = n.getBoundingClientRect();
      const closedDetails = n.closest('details:not([open])');
      const inClosedDetails = closedDetails !== null && !n.closest('summary');
      return r.width > 0 && r.height > 0 && getComputedStyle(n).visibility !== 'hidden' && !inClosedDetails && !n.closest('[hidden], dialog:not([open])');
    })
    .map((n, i) => {
      const key = n.type === 'radio' && n.name ? 'radio:' + n.name : 'el:' + i;
      n.dataset.qaKey = key;
      const label = n.getAttribute('aria-label') || (n.textContent || '').trim() || n.name || n.id || '';
      return [key, n.tagName.toLowerCase() + ' "' + label.slice(0, 40) + '"'];
    });
})()`;

/** The focused element: its key, whether a focus indicator (outline or box-shadow) shows, and what it is. */
const FOCUSED = `(() => {
  const active = document.activeElement;
  if (!active || active === document.body) return null;
  const style = getComputedStyle(active);
  // Tab reaches a date or time field's picker button inside the field: the field stops matching :focus and the button,
  // out of reach of page scripts, is ringed by app.css
  const inPicker = /^(date|datetime-local|time|month|week)$/.test(active.type) && !active.matches(':focus');
  const visible = inPicker || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const label = active.getAttribute('aria-label') || (active.textContent || '').trim().slice(0, 40) || active.name || '';
  return {
    key: active.dataset.qaKey || '',
    visible,
    what: active.tagName.toLowerCase() + (active.id ? '#' + active.id : '') + ' "' + label + '" (outline ' + style.outlineStyle + ' ' + style.outlineWidth + ')',
  };
})()`;

async function interactive(page: Page): Promise<Map<string, string>> {
  return new Map(await page.evaluate<[string, string][]>(TAG_INTERACTIVE));
}

/** Tabs through the page; returns the keys of the elements focused and those focused without a visible indicator. */
async function tabThrough(page: Page, count: number): Promise<{ reached: Set<string>; invisible: string[] }> {
  const reached = new Set<string>();
  const invisible: string[] = [];
  await page.focus('body');
  for (let i = 0; i < count; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<{ key: string; visible: boolean; what: string } | null>(FOCUSED);
    if (!focused) continue;
    reached.add(focused.key);
    if (!focused.visible) invisible.push(focused.what);
  }
  return { reached, invisible };
}

async function checkPage(context: BrowserContext, spec: ReturnType<typeof pages>[number], mode: (typeof MODES)[number], who: string) {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const apiCalls = new Set<string>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiCalls.add(url.pathname);
  });
  await page.emulateMedia({ colorScheme: mode.colorScheme, contrast: mode.contrast });
  await page.goto(observer.url + spec.path);
  await page.locator(spec.ready).first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500); // let live updates and charts settle before judging the page
  const findings = await seriousAxeFindings(page);
  if (who === 'signed out') await page.screenshot({ path: path.join(SCREENSHOTS, `${spec.id}-${mode.name}.png`), fullPage: true });
  const targets = await interactive(page);
  const { reached, invisible } = await tabThrough(page, targets.size * 2 + 10);
  await page.close();
  const undocumented = [...apiCalls].filter((p) => !openApiPaths.some((re) => re.test(p)));
  return {
    findings,
    unreached: [...targets].filter(([key]) => !reached.has(key)).map(([, what]) => what),
    invisible,
    undocumented,
    errors,
  };
}

describe.each(['signed out', 'signed in as admin'])('every dashboard page, %s', (who) => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (who !== 'signed out') {
      const login = await context.request.post(`${observer.url}/api/v1/session`, {
        data: { email: 'admin@erp.example', password: idp.password },
        headers: { 'x-erp-csrf': '1', origin: observer.url },
      });
      expect(login.status()).toBe(200);
    }
  });
  afterAll(() => context?.close());

  test.each(MODES.map((m) => [m.name, m] as const))(
    'in %s: accessible, keyboard-reachable, documented APIs, no errors',
    async (_name, mode) => {
      const results = [];
      for (const spec of pages()) results.push({ page: spec.id, ...(await checkPage(context, spec, mode, who)) });
      const clean = (page: string) => ({ page, findings: [], unreached: [], invisible: [], undocumented: [], errors: [] });
      expect(results).toEqual(pages().map((spec) => clean(spec.id)));
    },
    180_000,
  );
});
