import { NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Asset } from '../../domain/asset';
import type { BuiltInThemes } from '../../domain/built-in-themes';
import { customThemeFiles } from '../../domain/custom-themes.use-case';
import type { ThemeDeps } from '../../domain/theme-deps';
import { parseThemeFileName } from '../../domain/theme-key';
import { isVariantName } from '../../domain/variants/variant.registry';
import type { WebAssets } from '../web/web-assets';
import { IMMUTABLE, revalidating, sendAsset } from './http-caching';

const file = z.object({ file: z.string().min(1).max(200) });
const versioned = z.object({ hash: z.string().regex(/^[0-9a-f]{20}$/, 'a version is 20 hex digits'), file: z.string().min(1).max(200) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const asset = (description: string) => ({
  200: { description },
  304: { description: 'Not Modified (If-None-Match matched the ETag)', schema: null },
  404: 'problem' as const,
});

/** Theme files (CSS custom properties, DTCG tokens), static assets and the demo page, with ETags and caching. */
export function themeFileRoutes(deps: ThemeDeps, web: WebAssets, revalidateSeconds: number): ApiRouter {
  const { builtIns } = deps;
  const shortCache = revalidating(revalidateSeconds);

  /** The current asset behind a theme file name, or 404. */
  const themeFile = async (name: string): Promise<Asset> => {
    if (name === 'all.css') return builtIns.allCss;
    const parsed = parseThemeFileName(name);
    if (parsed && isVariantName(parsed.themeId))
      return (builtIns.get(parsed.themeId, parsed.mode) as NonNullable<ReturnType<BuiltInThemes['get']>>).files[parsed.kind];
    if (parsed && UUID.test(parsed.themeId)) {
      const custom = await customThemeFiles(deps, parsed.themeId);
      if (custom) return custom[parsed.mode].files[parsed.kind];
    }
    throw new NotFoundError('theme file', name);
  };

  const staticFile = (name: string): Asset => {
    const found = web.files.get(name);
    if (!found) throw new NotFoundError('asset', name);
    return found;
  };

  /** Serves the asset under a versioned URL only while the version is current; an old version is gone. */
  const sendVersioned = (req: Request, res: Response, found: Asset, hash: string, name: string): void => {
    if (found.hash !== hash) throw new NotFoundError(`version ${hash} of`, name);
    sendAsset(req, res, found, IMMUTABLE);
  };

  const api = new ApiRouter();
  api.route(
    {
      method: 'get',
      path: '/',
      summary: 'Redirects to the demo page',
      tags: ['demo'],
      auth: 'public',
      responses: { 302: { description: 'to /demo', schema: null } },
    },
    () => ({ status: 302, headers: { Location: '/demo' } }),
  );
  api.route(
    {
      method: 'get',
      path: '/demo',
      summary: 'Every component in every variant × mode, with live switching',
      tags: ['demo'],
      auth: 'public',
      responses: asset('HTML page'),
    },
    ({ req, res }) => sendAsset(req, res, web.demoPage, shortCache),
  );
  api.route(
    {
      method: 'get',
      path: '/themes/manifest.json',
      summary: 'Versioned URLs of every built-in theme and asset',
      tags: ['themes'],
      auth: 'public',
      responses: asset('The manifest'),
    },
    ({ req, res }) => sendAsset(req, res, web.manifest, shortCache),
  );
  api.route(
    {
      method: 'get',
      path: '/themes/v/{hash}/{file}',
      summary: 'A theme file at a fixed version (immutable)',
      description:
        'file: `<theme>-<mode>.css`, `.tokens.json` (DTCG, aliases kept), `.resolved.tokens.json` (aliases resolved), or `all.css`. 404 once the version is no longer current.',
      tags: ['themes'],
      auth: 'public',
      params: versioned,
      responses: asset('CSS or DTCG tokens'),
    },
    async ({ params, req, res }) => sendVersioned(req, res, await themeFile(params.file), params.hash, params.file),
  );
  api.route(
    {
      method: 'get',
      path: '/themes/{file}',
      summary: 'The current version of a theme file (short cache, revalidate)',
      description:
        'file: `<theme>-<mode>.css`, `.tokens.json`, `.resolved.tokens.json` or `all.css`; theme is a variant (odoo, standard, modern, classic) or a custom theme id.',
      tags: ['themes'],
      auth: 'public',
      params: file,
      responses: asset('CSS or DTCG tokens'),
    },
    async ({ params, req, res }) => sendAsset(req, res, await themeFile(params.file), shortCache),
  );
  api.route(
    {
      method: 'get',
      path: '/assets/v/{hash}/{file}',
      summary: 'components.css, theme-client.js, demo.js, demo.css at a fixed version',
      tags: ['assets'],
      auth: 'public',
      params: versioned,
      responses: asset('The file'),
    },
    ({ params, req, res }) => sendVersioned(req, res, staticFile(params.file), params.hash, params.file),
  );
  api.route(
    {
      method: 'get',
      path: '/assets/{file}',
      summary: 'components.css, theme-client.js, demo.js, demo.css (current version)',
      tags: ['assets'],
      auth: 'public',
      params: file,
      responses: asset('The file'),
    },
    ({ params, req, res }) => sendAsset(req, res, staticFile(params.file), shortCache),
  );
  return api;
}
