import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

/** uPlot's files the pages load, by the name they are served under. Nothing else of the package is served. */
const FILES = { 'uPlot.esm.js': 'application/javascript; charset=utf-8', 'uPlot.min.css': 'text/css; charset=utf-8' } as const;

/**
 * Serves uPlot (a production dependency) same-origin under /vendor/uplot/, so the strict CSP (script-src 'self',
 * style-src 'self') holds and no CDN is needed. The folder is found with require.resolve, so it works wherever pnpm put
 * the package: the workspace, or the production install in the Docker image.
 */
export function uplotAssets(): Router {
  const dist = join(dirname(require.resolve('uplot/package.json')), 'dist');
  const router = express.Router();
  for (const [name, type] of Object.entries(FILES)) {
    router.get(`/vendor/uplot/${name}`, (_req, res, next) => {
      res.type(type);
      // dotfiles: pnpm's store path has a `.pnpm` folder in it, which send() would otherwise refuse.
      res.sendFile(join(dist, name), { maxAge: '1d', dotfiles: 'allow' }, (error) => (error ? next(error) : undefined));
    });
  }
  return router;
}
