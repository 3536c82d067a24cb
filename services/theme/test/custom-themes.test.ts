import { call, startThemeServer, subjectOf, type ThemeServer } from './support/theme-server';

let server: ThemeServer;
beforeAll(async () => {
  server = await startThemeServer();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.truncate();
});

const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) => call(server.url, method, `/api/v1${path}`, options);

/** A brand override that keeps every pair readable: a darker green as primary in light, a light green in dark and high contrast. */
const passing = {
  name: 'Forest',
  variant: 'standard',
  overrides: {
    light: { 'role.primary': '{color.green.700}', 'role.primary-hover': '{color.green.800}', 'role.focus-ring': '{color.green.700}' },
    dark: { 'role.primary': '#4ade80' },
    'high-contrast': { 'role.primary': { colorSpace: 'srgb', components: [0.7333, 0.9686, 0.8157], hex: '#bbf7d0' } },
  },
};

describe('custom themes', () => {
  it('when an override keeps every pair readable, then the theme is created (201) and its stylesheet is served', async () => {
    const res = await api('POST', '/themes', { as: 'ada', body: passing });
    expect(res.status).toBe(201);
    const id = res.json.id as string;
    expect(res.headers.get('location')).toBe(`/api/v1/themes/${id}`);
    expect(res.json).toMatchObject({ name: 'Forest', variant: 'standard', ownerId: subjectOf('ada'), shared: false, version: 1 });
    const modes = res.json.modes as Record<string, { css: string; key: string; contrastPass: boolean }>;
    expect(modes.light?.contrastPass).toBe(true);
    const css = await fetch(server.url + (modes.light?.css as string));
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toContain('immutable');
    const text = await css.text();
    expect(text).toContain(`[data-erp-theme="${id}-light"]`);
    expect(text).toContain('--erp-primary: #15803d;');
    const dark = await (await fetch(`${server.url}/themes/${id}-dark.css`)).text();
    expect(dark).toContain('--erp-primary: #4ade80;');
  });

  it('when an override fails contrast, then it is refused with 422 naming each failing pair with its ratio, and nothing is stored', async () => {
    const res = await api('POST', '/themes', {
      as: 'ada',
      body: {
        name: 'Pale',
        variant: 'modern',
        overrides: { all: { 'role.text-muted': '{color.neutral.300}' }, dark: { 'role.on-primary': '#ffffff' } },
      },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.type).toBe('https://erp.example/problems/contrast-too-low');
    const failures = res.json.failures as Array<{ mode: string; foreground: string; background: string; ratio: number; required: number }>;
    const names = failures.map((f) => `${f.mode}:${f.foreground}/${f.background}`);
    expect(names).toEqual(expect.arrayContaining(['light:text-muted/surface', 'dark:on-primary/primary']));
    for (const f of failures) expect(f.ratio).toBeLessThan(f.required);
    expect(res.json.detail).toMatch(/light: text-muted on surface is \d+\.\d+:1, needs 4\.5:1/);
    expect(await server.count('custom_themes')).toBe(0);
  });

  it('when the only failure is in high contrast, then 7:1 is what it is held to', async () => {
    const res = await api('POST', '/themes', {
      as: 'ada',
      body: { name: 'Dim HC', variant: 'classic', overrides: { 'high-contrast': { 'role.text-muted': '{color.neutral.500}' } } },
    });
    expect(res.status).toBe(422);
    const failures = res.json.failures as Array<{ mode: string; required: number }>;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.mode === 'high-contrast' && f.required === 7)).toBe(true);
  });

  it.each([
    ['an unknown token', { 'role.nope': '#000000' }, 'overrides.light[role.nope]'],
    ['a value of the wrong type', { 'role.primary': { value: 4, unit: 'px' } }, 'overrides.light[role.primary]'],
    ['a malformed colour', { 'role.primary': '#12345' }, 'overrides.light[role.primary]'],
    ['an alias to nowhere', { 'role.primary': '{color.nothing.1}' }, 'overrides.light[role.primary]'],
    ['an alias to a dimension', { 'role.primary': '{size.radius.control}' }, 'overrides.light[role.primary]'],
    ['a font name that could escape CSS', { 'font.family.body': ['Inter"; } body { color: red'] }, 'overrides.light[font.family.body]'],
  ])('when an override holds %s, then it is 400 naming the field and nothing is stored', async (_what, light, field) => {
    const res = await api('POST', '/themes', { as: 'ada', body: { name: 'Bad', variant: 'standard', overrides: { light } } });
    expect(res.status).toBe(400);
    expect(res.json.errors?.map((e) => e.field)).toContain(field);
    expect(await server.count('custom_themes')).toBe(0);
  });

  it('when overrides alias each other in a cycle, then it is 400 naming the cycle', async () => {
    const res = await api('POST', '/themes', {
      as: 'ada',
      body: { name: 'Loop', variant: 'standard', overrides: { all: { 'color.brand.600': '{role.primary}' } } },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.errors)).toContain('alias cycle');
  });

  it.each([
    ['a missing name', { variant: 'standard' }, 'name'],
    ['an unknown variant', { name: 'x', variant: 'sepia' }, 'variant'],
    ['an unknown field', { name: 'x', variant: 'standard', colour: 'red' }, ''],
    ['a name too long', { name: 'x'.repeat(81), variant: 'standard' }, 'name'],
    ['a wrong type', { name: 42, variant: 'standard' }, 'name'],
    ['an unknown mode', { name: 'x', variant: 'standard', overrides: { sepia: {} } }, 'overrides'],
    ['a malformed token path', { name: 'x', variant: 'standard', overrides: { light: { 'role..x': '#000' } } }, 'overrides.light'],
  ])('when the body has %s, then it is 400 naming the field and nothing is stored', async (_what, body, field) => {
    const res = await api('POST', '/themes', { as: 'ada', body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.errors?.some((e) => e.field.startsWith(field))).toBe(true);
    expect(await server.count('custom_themes')).toBe(0);
  });

  it('when the body is not JSON, not declared as JSON, or too large, then it is 400, 415 and 413', async () => {
    expect((await api('POST', '/themes', { as: 'ada', rawBody: '{"name": ' })).status).toBe(400);
    expect((await api('POST', '/themes', { as: 'ada', rawBody: 'name=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect(
      (await api('POST', '/themes', { as: 'ada', body: { name: 'x', variant: 'standard', description: 'y'.repeat(200_000) } })).status,
    ).toBe(413);
    expect(await server.count('custom_themes')).toBe(0);
  });

  it('when nobody is identified, then creating is 401; when a non-admin shares, then 403', async () => {
    expect((await api('POST', '/themes', { body: passing })).status).toBe(401);
    expect((await api('POST', '/themes', { as: 'ada', body: { ...passing, shared: true } })).status).toBe(403);
    expect(await server.count('custom_themes')).toBe(0);
  });

  it('when an admin shares a theme, then everyone sees it, but only the owner sees a private one', async () => {
    const shared = await api('POST', '/themes', { as: 'root', body: { ...passing, name: 'Company', shared: true } });
    const mine = await api('POST', '/themes', { as: 'ada', body: passing });
    expect([shared.status, mine.status]).toEqual([201, 201]);
    const bobList = await api('GET', '/themes', { as: 'bob' });
    expect((bobList.json.custom as Array<{ id: string }>).map((t) => t.id)).toEqual([shared.json.id]);
    expect((bobList.json.builtIn as Array<{ id: string }>).map((t) => t.id)).toEqual(['odoo', 'standard', 'modern', 'classic']);
    expect((await api('GET', `/themes/${mine.json.id as string}`, { as: 'bob' })).status).toBe(404);
    expect((await api('GET', `/themes/${mine.json.id as string}`, { as: 'ada' })).status).toBe(200);
    expect((await api('DELETE', `/themes/${shared.json.id as string}`, { as: 'bob' })).status).toBe(403);
  });

  it('when the same owner reuses a name, then it is 409', async () => {
    expect((await api('POST', '/themes', { as: 'ada', body: passing })).status).toBe(201);
    expect((await api('POST', '/themes', { as: 'ada', body: passing })).status).toBe(409);
    expect((await api('POST', '/themes', { as: 'bob', body: passing })).status).toBe(201);
  });

  it('when a theme is replaced, then its stylesheet changes version and the old versioned URL is gone', async () => {
    const created = await api('POST', '/themes', { as: 'ada', body: passing });
    const id = created.json.id as string;
    const oldUrl = (created.json.modes as Record<string, { css: string }>).dark?.css as string;
    const replaced = await api('PUT', `/themes/${id}`, {
      as: 'ada',
      body: { ...passing, overrides: { ...passing.overrides, dark: { 'role.primary': '#86efac' } } },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json.version).toBe(2);
    const newUrl = (replaced.json.modes as Record<string, { css: string }>).dark?.css as string;
    expect(newUrl).not.toBe(oldUrl);
    expect((await fetch(server.url + oldUrl)).status).toBe(404);
    expect(await (await fetch(server.url + newUrl)).text()).toContain('--erp-primary: #86efac;');
  });

  it('when a replacement fails contrast, then it is 422 and the stored theme is unchanged', async () => {
    const id = (await api('POST', '/themes', { as: 'ada', body: passing })).json.id as string;
    const res = await api('PUT', `/themes/${id}`, { as: 'ada', body: { ...passing, overrides: { light: { 'role.text': '#bbbbbb' } } } });
    expect(res.status).toBe(422);
    const stored = await api('GET', `/themes/${id}`, { as: 'ada' });
    expect(stored.json.version).toBe(1);
    expect(stored.json.overrides).toEqual(passing.overrides);
  });

  it('when a theme is deleted, then its files are gone and a built-in cannot be changed', async () => {
    const id = (await api('POST', '/themes', { as: 'ada', body: passing })).json.id as string;
    expect((await api('DELETE', `/themes/${id}`, { as: 'ada' })).status).toBe(204);
    expect((await fetch(`${server.url}/themes/${id}-light.css`)).status).toBe(404);
    expect((await api('DELETE', '/themes/standard', { as: 'root' })).status).toBe(403);
    expect((await api('PUT', '/themes/00000000-0000-4000-8000-000000000000', { as: 'ada', body: passing })).status).toBe(404);
  });

  it('when a contrast report is asked for, then every pair of every mode is listed with ratio and threshold', async () => {
    const res = await api('GET', '/themes/odoo/contrast');
    const modes = res.json.modes as Array<{ mode: string; pass: boolean; pairs: Array<{ ratio: number; required: number }> }>;
    expect(modes.map((m) => m.mode)).toEqual(['light', 'dark', 'high-contrast']);
    for (const m of modes) {
      expect(m.pass).toBe(true);
      for (const p of m.pairs) expect(p.ratio).toBeGreaterThanOrEqual(p.required);
    }
  });
});
