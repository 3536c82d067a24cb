import { NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ServedThemeCss, ThemeMirror } from '../../theme/theme-mirror';

const CSS_RESPONSES = {
  200: { description: 'text/css: role custom properties (--erp-*) scoped to [data-erp-theme="<theme>-<mode>"]', schema: null },
  304: { description: 'Not Modified (If-None-Match matched the ETag)', schema: null },
};

/** RFC 9110 weak comparison of If-None-Match against our (strong) ETag. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Sends theme CSS with its ETag, always revalidated (theme may come back or change), and where it came from. */
function sendCss(req: Request, res: Response, served: ServedThemeCss): void {
  res.setHeader('ETag', served.etag);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Theme-Source', served.source);
  if (served.fetchedAt) res.setHeader('X-Theme-Fetched-At', served.fetchedAt.toISOString());
  if (matches(req.headers['if-none-match'], served.etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).setHeader('Content-Type', 'text/css; charset=utf-8').end(served.css);
}

/** The theme's role tokens, same-origin, so the dashboard's CSP stays style-src 'self' and it renders while theme is down. */
export function themeRoutes(theme: ThemeMirror): ApiRouter {
  const api = new ApiRouter();
  api.route(
    {
      method: 'get',
      path: '/theme/tokens.css',
      summary: "The theme service's role tokens for every variant × mode (its last good copy, or built-in standard tokens)",
      description:
        'X-Theme-Source says where they come from: `theme` (fetched, theme answers), `stored` (the last good copy; theme does not answer now), `built-in` (theme never answered). Always includes the standard tokens as a fallback for any variant.',
      tags: ['theme'],
      auth: 'public',
      responses: CSS_RESPONSES,
    },
    async ({ req, res }) => {
      await theme.ready();
      sendCss(req, res, theme.tokens());
    },
  );
  api.route(
    {
      method: 'get',
      path: '/theme/custom/{file}',
      summary: "A custom theme's role tokens (light, dark, high contrast), mirrored from the theme service",
      tags: ['theme'],
      auth: 'public',
      params: z.object({
        file: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.css$/, 'a custom theme id (uuid) then .css'),
      }),
      responses: { ...CSS_RESPONSES, 400: 'problem', 404: 'problem' },
    },
    async ({ params, req, res }) => {
      const id = params.file.slice(0, -'.css'.length);
      const served = await theme.customTheme(id);
      if (!served) throw new NotFoundError('custom theme', id);
      sendCss(req, res, served);
    },
  );
  return api;
}
