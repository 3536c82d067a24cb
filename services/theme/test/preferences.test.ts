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
const valid = { variant: 'modern', mode: 'time-of-day', schedule: { lightFrom: '06:30', darkFrom: '20:15' }, timezone: 'Europe/Berlin' };

describe('preferences', () => {
  it('when nothing is stored, then the defaults come back (standard, system) with stylesheets for every mode', async () => {
    const res = await api('GET', '/preferences/me', { as: 'ada' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      userId: subjectOf('ada'),
      variant: 'standard',
      mode: 'system',
      stored: false,
      effective: { mode: null, decidedBy: 'browser' },
    });
    const sheets = (res.json.theme as { stylesheets: Record<string, string> }).stylesheets;
    expect(Object.keys(sheets)).toEqual(['light', 'dark', 'high-contrast']);
    expect(sheets.dark).toMatch(/^\/themes\/v\/[0-9a-f]{20}\/standard-dark\.css$/);
  });

  it("when a full preference is stored, then it reads back and time of day decides the mode in the user's zone", async () => {
    const put = await api('PUT', '/preferences/me', { as: 'ada', body: valid });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ ...valid, stored: true, customThemeId: null });
    // 19:30 UTC is 20:30 in Berlin in winter → after darkFrom 20:15 → dark; 18:00 UTC is 19:00 → light.
    const night = await api('GET', `/preferences/${subjectOf('ada')}?at=2026-01-15T19:30:00Z`, { as: 'ada' });
    expect(night.json.effective).toEqual({ mode: 'dark', key: 'modern-dark', decidedBy: 'schedule' });
    const evening = await api('GET', `/preferences/${subjectOf('ada')}?at=2026-01-15T18:00:00Z`, { as: 'ada' });
    expect(evening.json.effective).toEqual({ mode: 'light', key: 'modern-light', decidedBy: 'schedule' });
  });

  it('when the schedule wraps past midnight, then the light window does too', async () => {
    await api('PUT', '/preferences/me', {
      as: 'ada',
      body: { variant: 'odoo', mode: 'time-of-day', schedule: { lightFrom: '22:00', darkFrom: '04:00' }, timezone: 'UTC' },
    });
    expect(((await api('GET', '/preferences/me?at=2026-01-15T23:00:00Z', { as: 'ada' })).json.effective as { mode: string }).mode).toBe(
      'light',
    );
    expect(((await api('GET', '/preferences/me?at=2026-01-15T12:00:00Z', { as: 'ada' })).json.effective as { mode: string }).mode).toBe(
      'dark',
    );
  });

  it('when only part is patched, then the rest is kept', async () => {
    await api('PUT', '/preferences/me', { as: 'ada', body: valid });
    const res = await api('PATCH', '/preferences/me', { as: 'ada', body: { mode: 'high-contrast', schedule: { darkFrom: '21:00' } } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      variant: 'modern',
      mode: 'high-contrast',
      schedule: { lightFrom: '06:30', darkFrom: '21:00' },
      timezone: 'Europe/Berlin',
    });
    expect(res.json.effective).toEqual({ mode: 'high-contrast', key: 'modern-high-contrast', decidedBy: 'preference' });
  });

  it.each([
    ['an unknown variant', { ...valid, variant: 'sepia' }, 'variant'],
    ['an unknown mode', { ...valid, mode: 'auto' }, 'mode'],
    ['hours out of range', { ...valid, schedule: { lightFrom: '24:00', darkFrom: '19:00' } }, 'schedule.lightFrom'],
    ['hours without minutes', { ...valid, schedule: { lightFrom: '7', darkFrom: '19:00' } }, 'schedule.lightFrom'],
    ['the same hour twice', { ...valid, schedule: { lightFrom: '07:00', darkFrom: '07:00' } }, 'schedule.darkFrom'],
    ['an unknown time zone', { ...valid, timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    ['a huge string', { ...valid, timezone: 'x'.repeat(10_000) }, 'timezone'],
    ['a wrong type', { ...valid, mode: 3 }, 'mode'],
    ['a missing field', { mode: 'dark' }, 'variant'],
    ['an unknown field', { ...valid, colour: 'red' }, ''],
    ['a malformed custom theme id', { ...valid, customThemeId: 'abc' }, 'customThemeId'],
  ])('when a preference has %s, then it is 400 naming the field and nothing is written', async (_what, body, field) => {
    await api('PUT', '/preferences/me', { as: 'ada', body: { variant: 'classic', mode: 'dark' } });
    const res = await api('PUT', '/preferences/me', { as: 'ada', body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.errors?.some((e) => e.field.startsWith(field))).toBe(true);
    const stored = await api('GET', '/preferences/me', { as: 'ada' });
    expect(stored.json).toMatchObject({ variant: 'classic', mode: 'dark' });
    expect(await server.count('theme_preferences')).toBe(1);
  });

  it('when a patch would make both hours equal, then it is 400 and nothing is written', async () => {
    await api('PUT', '/preferences/me', { as: 'ada', body: valid });
    const res = await api('PATCH', '/preferences/me', { as: 'ada', body: { schedule: { darkFrom: '06:30' } } });
    expect(res.status).toBe(400);
    expect(res.json.errors?.map((e) => e.field)).toEqual(['schedule.darkFrom']);
    expect(((await api('GET', '/preferences/me', { as: 'ada' })).json.schedule as { darkFrom: string }).darkFrom).toBe('20:15');
  });

  it('when the body is not JSON, not declared as JSON, or too large, then it is 400, 415 and 413 and nothing is written', async () => {
    expect((await api('PUT', '/preferences/me', { as: 'ada', rawBody: '{"variant":' })).status).toBe(400);
    expect(
      (
        await api('PUT', '/preferences/me', {
          as: 'ada',
          rawBody: 'variant=odoo',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(415);
    expect(
      (await api('PATCH', '/preferences/me', { as: 'ada', rawBody: JSON.stringify({ variant: 'odoo', pad: 'x'.repeat(200_000) }) })).status,
    ).toBe(413);
    expect(await server.count('theme_preferences')).toBe(0);
  });

  it("when someone else's preference is asked for or changed, then it is 404 like a missing one; without a token, 401", async () => {
    const bob = String((await api('GET', '/preferences/me', { as: 'bob' })).json.userId);
    expect(bob).not.toBe('undefined');
    expect((await api('GET', `/preferences/${bob}`, { as: 'ada' })).status).toBe(404);
    expect((await api('PUT', `/preferences/${bob}`, { as: 'ada', body: valid })).status).toBe(404);
    expect((await api('DELETE', `/preferences/${bob}`, { as: 'ada' })).status).toBe(404);
    expect((await api('GET', `/preferences/${bob}`, { as: 'bob' })).status).toBe(200);
    expect((await api('GET', '/preferences/me')).status).toBe(401);
    expect((await api('PUT', '/preferences/me', { body: valid })).status).toBe(401);
    expect(await server.count('theme_preferences')).toBe(0);
  });

  it('when a query parameter is malformed or unknown, then it is 400', async () => {
    expect((await api('GET', '/preferences/me?at=yesterday', { as: 'ada' })).status).toBe(400);
    expect((await api('GET', '/preferences/me?colour=red', { as: 'ada' })).status).toBe(400);
  });

  it('when a custom theme is chosen, then its stylesheets are used; one that is not visible is 422; deleting it falls back to the variant', async () => {
    const theme = await api('POST', '/themes', { as: 'ada', body: { name: 'Mine', variant: 'classic', overrides: {} } });
    const id = theme.json.id as string;
    expect((await api('PUT', '/preferences/me', { as: 'bob', body: { variant: 'classic', customThemeId: id, mode: 'dark' } })).status).toBe(
      422,
    );
    expect(await server.count('theme_preferences')).toBe(0);
    const mine = await api('PUT', '/preferences/me', { as: 'ada', body: { variant: 'classic', customThemeId: id, mode: 'dark' } });
    expect(mine.status).toBe(200);
    expect(mine.json.theme).toMatchObject({ id, custom: true });
    expect(mine.json.effective).toMatchObject({ key: `${id}-dark` });
    await api('DELETE', `/themes/${id}`, { as: 'ada' });
    const after = await api('GET', '/preferences/me', { as: 'ada' });
    expect(after.json).toMatchObject({ customThemeId: null, theme: { id: 'classic', custom: false } });
  });

  it('when a preference is reset, then the defaults apply again', async () => {
    await api('PUT', '/preferences/me', { as: 'ada', body: valid });
    expect((await api('DELETE', '/preferences/me', { as: 'ada' })).status).toBe(204);
    expect((await api('GET', '/preferences/me', { as: 'ada' })).json).toMatchObject({ stored: false, variant: 'standard' });
  });
});
