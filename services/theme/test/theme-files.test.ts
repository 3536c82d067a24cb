import { createHash } from 'node:crypto';
import { startThemeServer, type ThemeServer } from './support/theme-server';

let server: ThemeServer;
beforeAll(async () => {
  server = await startThemeServer();
});
afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

describe('theme files: ETags, 304 and caching', () => {
  it('when an unversioned stylesheet is fetched, then it has a strong ETag and short caching with revalidation', async () => {
    const res = await get('/themes/standard-dark.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{20}"$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    const body = await res.text();
    expect(body).toContain('[data-erp-theme="standard-dark"]');
    expect(body).toContain('--erp-background:');
  });

  it('when the ETag is sent back in If-None-Match, then the answer is 304 with no body and the same ETag', async () => {
    const first = await get('/themes/odoo-light.css');
    const etag = first.headers.get('etag') as string;
    const again = await get('/themes/odoo-light.css', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
  });

  it('when If-None-Match lists several tags, a weak form of the tag, or *, then it still matches (RFC 9110 weak comparison)', async () => {
    const etag = (await get('/themes/modern-dark.css')).headers.get('etag') as string;
    expect((await get('/themes/modern-dark.css', { 'if-none-match': `"0000", ${etag}` })).status).toBe(304);
    expect((await get('/themes/modern-dark.css', { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await get('/themes/modern-dark.css', { 'if-none-match': '*' })).status).toBe(304);
  });

  it('when If-None-Match holds another tag, then the full body comes back', async () => {
    const res = await get('/themes/classic-light.css', { 'if-none-match': '"00000000000000000000"' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('classic-light');
  });

  it('when two themes differ, then their ETags differ, and the ETag is the hash of the body', async () => {
    const a = await get('/themes/standard-light.css');
    const b = await get('/themes/standard-high-contrast.css');
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    const hash = createHash('sha256')
      .update(await a.text())
      .digest('hex')
      .slice(0, 20);
    expect(a.headers.get('etag')).toBe(`"${hash}"`);
  });

  it('when the manifest is followed to a versioned URL, then it is immutable for a year and revalidates to 304 too', async () => {
    const manifest = (await (await get('/themes/manifest.json')).json()) as {
      themes: Record<string, { css: string; tokens: string; resolvedTokens: string }>;
    };
    expect(Object.keys(manifest.themes)).toHaveLength(12);
    const url = manifest.themes['standard-dark']?.css as string;
    expect(url).toMatch(/^\/themes\/v\/[0-9a-f]{20}\/standard-dark\.css$/);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get(url, { 'if-none-match': res.headers.get('etag') as string })).status).toBe(304);
  });

  it('when a versioned URL carries a hash that is not current, then it is 404 problem+json', async () => {
    const res = await get('/themes/v/0123456789abcdef0123/standard-dark.css');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when a versioned URL carries a malformed hash, then it is 400 naming the parameter', async () => {
    const res = await get('/themes/v/not-a-hash/standard-dark.css');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ field: string }> };
    expect(body.errors.map((e) => e.field)).toContain('hash');
  });

  it('when an unknown theme, mode or kind is asked for, then it is 404 problem+json', async () => {
    for (const path of ['/themes/purple-dark.css', '/themes/standard-sepia.css', '/themes/standard-dark.scss', '/assets/nope.js']) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('when tokens are fetched, then they are DTCG JSON with aliases, or resolved to literals on request', async () => {
    const aliased = await get('/themes/odoo-dark.tokens.json');
    expect(aliased.headers.get('content-type')).toBe('application/design-tokens+json; charset=utf-8');
    const doc = (await aliased.json()) as { role: Record<string, { $type: string; $value: unknown }> };
    expect(doc.role.primary).toMatchObject({ $type: 'color', $value: '{color.brand.400}' });
    const resolved = (await (await get('/themes/odoo-dark.resolved.tokens.json')).json()) as typeof doc;
    expect(resolved.role.primary?.$value).toMatchObject({ colorSpace: 'srgb', hex: '#a77b9b' });
  });

  it('when a stylesheet is fetched from another origin, then CORS and CORP allow it', async () => {
    const res = await get('/themes/standard-light.css', { origin: 'http://127.0.0.1:8010' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('when the demo page and the component assets are fetched, then each has an ETag and revalidates to 304', async () => {
    for (const path of ['/demo', '/assets/components.css', '/assets/theme-client.js', '/themes/all.css']) {
      const first = await get(path);
      expect([path, first.status]).toEqual([path, 200]);
      const again = await get(path, { 'if-none-match': first.headers.get('etag') as string });
      expect([path, again.status]).toEqual([path, 304]);
    }
  });

  it('when the service describes itself, then /openapi.json lists the theme and preference routes', async () => {
    const doc = (await (await get('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/themes/{file}', '/themes/v/{hash}/{file}', '/api/v1/themes', '/api/v1/preferences/{userId}']),
    );
  });
});
