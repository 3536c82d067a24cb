import { NotFoundError, UnauthorizedError } from '@erp/errors';
import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger, notFoundMiddleware, problemMiddleware } from '@erp/service-kit';
import type { Supervisor } from './supervisor';

/** The supervisor's HTTP API, for the watchdog's process driver. Loopback only, bearer token required. */
export interface SupervisorApi {
  url: string;
  close(): Promise<void>;
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Serves, on 127.0.0.1:
 * - `GET  /api/v1/processes` → ProcessInfo[]
 * - `GET  /api/v1/processes/{name}`
 * - `POST /api/v1/processes/{name}/restart` (graceful stop, then start) → 202 ProcessInfo
 * - `POST /api/v1/processes/{name}/kill` (SIGKILL; the crash policy starts it again) → 202
 * - `POST /api/v1/processes/{name}/start` → 202
 */
export function startSupervisorApi(supervisor: Supervisor, opts: { port: number; token: string }): Promise<SupervisorApi> {
  const app = express();
  app.disable('x-powered-by');
  const expected = Buffer.from(`Bearer ${opts.token}`);
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return next(new UnauthorizedError('a valid supervisor bearer token is required'));
    next();
  });
  const lookup = (name: string): string => {
    if (!NAME.test(name) || !supervisor.has(name)) throw new NotFoundError('process', name);
    return name;
  };
  app.get('/api/v1/processes', (_req, res) => {
    res.json(supervisor.list());
  });
  app.get('/api/v1/processes/:name', (req, res) => {
    res.json(supervisor.get(lookup(req.params.name)));
  });
  app.post('/api/v1/processes/:name/restart', async (req, res) => {
    res.status(202).json(await supervisor.restart(lookup(req.params.name)));
  });
  app.post('/api/v1/processes/:name/kill', (req, res) => {
    res.status(202).json(supervisor.kill(lookup(req.params.name)));
  });
  app.post('/api/v1/processes/:name/start', (req, res) => {
    res.status(202).json(supervisor.start(lookup(req.params.name)));
  });
  app.use(notFoundMiddleware);
  app.use(problemMiddleware(createLogger({ name: 'supervisor-api', level: 'warn' })));

  return new Promise((resolve, reject) => {
    const server: Server = app.listen(opts.port, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${opts.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
