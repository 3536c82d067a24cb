import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { fastConfig, startObserver, type ObserverHarness } from '@erp/harness/observer';
import { collectPageErrors, launchChromium, seriousAxeFindings } from '@erp/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeTarget, type FakeTarget } from './support/fake-target';

interface Silence {
  id: string;
  target: string | null;
  comment: string;
  active: boolean;
  expiresAt: string;
}
interface Maintenance {
  id: string;
  target: string | null;
  comment: string;
  recurrence: { daysOfWeek: number[]; startTime: string; durationMinutes: number } | null;
}

describe('the Silences & maintenance page in a real browser (sign-in dialog, create, end early)', () => {
  let idp: TestIdentityProvider;
  let target: FakeTarget;
  let observer: ObserverHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  // Expressions run in the page (strings: this file is type-checked without the DOM library).
  const focusedId = () => page.evaluate<string | undefined>('document.activeElement?.id');
  const role = () => page.evaluate<string | undefined>('document.documentElement.dataset.role');

  /** Moves the focus with Tab until the element with `id` has it (keyboard only). */
  async function tabTo(id: string): Promise<void> {
    for (let i = 0; i < 40; i += 1) {
      if ((await focusedId()) === id) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached #${id}`);
  }

  beforeAll(async () => {
    [idp, target] = await Promise.all([startTestIdentityProvider(), startFakeTarget('shop')]);
    observer = await startObserver(fastConfig([{ name: 'shop', url: target.healthUrl, labels: { team: 'commerce' } }]), {
      HR_URL: idp.url,
    });
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await observer?.stop();
    await Promise.all([idp?.stop(), target?.close()]);
  });

  test('signed out, the page lists but offers no create form and no actions', async () => {
    await observer.request('/api/v1/silences', {
      method: 'POST',
      body: { target: 'shop', durationMinutes: 60, comment: 'existing silence' },
    });
    await page.goto(`${observer.url}/silences.html`);
    await page.locator('#current tr', { hasText: 'existing silence' }).waitFor();
    await page.locator('#sign-in').waitFor();
    expect(await page.locator('#create-form').count()).toBe(0);
    expect(await page.locator('#create-panel').isHidden()).toBe(true);
    expect(await page.locator('#current button').count()).toBe(0);
    expect(await page.locator('#access').textContent()).toMatch(/Read-only/);
    expect(await role()).toBe('');
    expect(await seriousAxeFindings(page)).toEqual([]);
  });

  test('an admin signs in through the dialog with the keyboard only; no token is readable by the page', async () => {
    await tabTo('sign-in');
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.session-dialog');
    await dialog.waitFor();
    expect(await focusedId()).toBe('session-email');
    expect(await seriousAxeFindings(page)).toEqual([]);
    // A wrong password first: hr's problem detail is shown in the dialog.
    await page.keyboard.type('admin@erp.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong password');
    await page.keyboard.press('Enter');
    await page.locator('#session-error', { hasText: 'Invalid email or password' }).waitFor();
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    errors.length = 0; // the browser logs the refused sign-in; nothing else may go wrong
    expect(await focusedId()).toBe('session-password');
    await page.keyboard.type(idp.password); // the wrong one is selected, so typing replaces it
    await page.keyboard.press('Enter');
    await page.locator('#sign-out').waitFor();
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.locator('.session-user').textContent()).toMatch(/\(admin\)/);
    expect(await role()).toBe('admin');
    await page.locator('#create-form').waitFor();

    const storage = await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage, cookie: document.cookie })');
    const cookies = await context.cookies(observer.url + '/api/v1/session');
    const session = cookies.filter((c) => c.name.startsWith('erp_observer_'));
    expect(session).toHaveLength(2);
    for (const cookie of session) {
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1' });
      expect(storage).not.toContain(cookie.value);
    }
    expect(storage).not.toMatch(/eyJ/); // no JWT anywhere the page can read
  });

  test('the admin creates a one-off silence and a weekly maintenance window, then ends the silence early', async () => {
    const form = page.locator('#create-form');
    // One-off silence on the target, 30 minutes from now.
    await form.getByLabel('Target').selectOption('shop');
    await form.getByLabel('Duration (minutes)').first().fill('30');
    await form.getByLabel('Comment').fill('deploying shop');
    await form.getByRole('button', { name: 'Create' }).click();
    const silenceRow = page.locator('#current tr[data-kind=silence]', { hasText: 'deploying shop' });
    await silenceRow.waitFor();
    expect(await silenceRow.textContent()).toMatch(/Active/);

    // Weekly maintenance by label: Monday and Wednesday, 02:00 UTC, 90 minutes.
    await form.getByLabel('Maintenance window').check();
    await form.getByLabel('Every week (maintenance only)').check();
    await form.getByLabel('Target').selectOption('');
    await form.getByLabel('Labels').fill('team=commerce');
    await form.getByLabel('Mon').check();
    await form.getByLabel('Wed').check();
    await form.getByLabel('Start time (UTC)').fill('02:00');
    await form.locator('input[name=weeklyDuration]').fill('90');
    await form.getByLabel('Comment').fill('weekly database vacuum');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.locator('#current tr[data-kind=maintenance]', { hasText: 'weekly database vacuum' }).waitFor();

    // A bad request shows the problem's detail: a one-off window without target or labels.
    await form.getByLabel('One-off').check();
    await form.getByLabel('Labels').fill('');
    await form.getByLabel('Comment').fill('nothing covered');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.locator('#create-errors', { hasText: 'Choose a target, give labels, or both' }).waitFor();

    const windows = await observer.get<Maintenance[]>('/api/v1/maintenance');
    expect(windows.find((m) => m.comment === 'weekly database vacuum')).toMatchObject({
      target: null,
      recurrence: { daysOfWeek: [1, 3], startTime: '02:00', durationMinutes: 90 },
    });
    const created = (await observer.get<Silence[]>('/api/v1/silences')).find((s) => s.comment === 'deploying shop');
    expect(created).toMatchObject({ target: 'shop', active: true });

    await silenceRow.getByRole('button', { name: 'End now: silence for shop' }).click();
    await page.locator('#ended tr[data-kind=silence]', { hasText: 'deploying shop' }).waitFor();
    expect(await page.locator('#current tr', { hasText: 'deploying shop' }).count()).toBe(0);
    const all = await observer.get<Silence[]>('/api/v1/silences?all=true');
    const ended = all.find((s) => s.id === created?.id);
    expect(ended?.active).toBe(false);
    expect(Date.parse(ended?.expiresAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect((await observer.get<Silence[]>('/api/v1/silences')).some((s) => s.id === created?.id)).toBe(false);
    expect(await seriousAxeFindings(page)).toEqual([]);
  });

  test('an employee signed in is told they are read-only and gets no actions; signed out, the create form is gone', async () => {
    await page.locator('#sign-out').click();
    await page.locator('#sign-in').waitFor();
    expect(await page.locator('#create-form').count()).toBe(0);
    await page.locator('#sign-in').click();
    await page.locator('#session-email').fill('employee@erp.example');
    await page.locator('#session-password').fill(idp.password);
    await page.locator('#session-password').press('Enter');
    await page.locator('.session-user', { hasText: '(read-only)' }).waitFor();
    expect(await role()).toBe('reader');
    expect(await page.locator('#access').textContent()).toMatch(/read-only/);
    expect(await page.locator('#create-form').count()).toBe(0);
    expect(await page.locator('#current button').count()).toBe(0);
    await page.reload();
    await page.locator('.session-user', { hasText: '(read-only)' }).waitFor();
    expect(await page.locator('#create-form').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('the API ends a running maintenance window early (POST /maintenance/{id}/end) and lists ended ones with all=true', async () => {
    const now = Date.now();
    const iso = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();
    const create = async (body: Record<string, unknown>) =>
      (await observer.request('/api/v1/maintenance', { method: 'POST', body: { target: 'shop', ...body } })).body as Maintenance & {
        active: boolean;
        endsAt: string | null;
      };
    const running = await create({ startsAt: iso(-5), endsAt: iso(55), comment: 'running window' });
    const later = await create({ startsAt: iso(60), endsAt: iso(120), comment: 'later window' });
    expect(running.active).toBe(true);

    const ended = await observer.request(`/api/v1/maintenance/${running.id}/end`, { method: 'POST' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id: running.id, active: false });
    expect(Date.parse((ended.body as { endsAt: string }).endsAt)).toBeLessThanOrEqual(Date.now());
    const again = await observer.request(`/api/v1/maintenance/${running.id}/end`, { method: 'POST' });
    expect(again.status).toBe(409);
    const notStarted = await observer.request(`/api/v1/maintenance/${later.id}/end`, { method: 'POST' });
    expect(notStarted.status).toBe(409);
    expect((notStarted.body as { detail: string }).detail).toMatch(/not started/);
    expect((await observer.request('/api/v1/maintenance/00000000-0000-4000-8000-000000000000/end', { method: 'POST' })).status).toBe(404);
    expect((await observer.request(`/api/v1/maintenance/${later.id}/end`, { method: 'POST', token: null })).status).toBe(401);

    const current = await observer.get<Maintenance[]>('/api/v1/maintenance');
    expect(current.map((m) => m.id)).not.toContain(running.id);
    expect(current.map((m) => m.id)).toContain(later.id);
    const all = await observer.get<Maintenance[]>('/api/v1/maintenance?all=true');
    expect(all.map((m) => m.id)).toEqual(expect.arrayContaining([running.id, later.id]));
    expect((await observer.request('/api/v1/maintenance?all=yes')).status).toBe(400);
  });
});
