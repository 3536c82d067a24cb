import { ApiRouter } from '@erp/service-kit';
import { STREAM_EVENT_TYPES } from '../../model/live-stream';
import type { ObserverPipeline } from '../../pipeline';
import { heartbeatQuery, servicesWithOverview } from './services.routes';

const MAX_BUFFERED_BYTES = 1024 * 1024;

/** GET /api/v1/stream: server-sent events `snapshot`, `state`, `sample`, `event`, `alert`, `incident` (JSON data), with a heartbeat. */
export function streamRoutes(views: Pick<ObserverPipeline, 'states' | 'stream' | 'memory' | 'watchdog'>): ApiRouter {
  const { stream } = views;
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/stream',
      summary: 'Live stream (text/event-stream) of state changes, samples, events and alerts',
      description:
        'First a `snapshot` event with every service (as GET /services lists them; `heartbeat=N` adds the latest N polls of each, so a dashboard starts full); then `state` ({ name, from, to, at, rootCause }), `sample` ({ name, at, ok, outcome, reason, latencyMs, … }), `event`, `alert` and `incident` events; a comment line every 15 s keeps proxies from closing it.',
      tags: ['stream'],
      auth: 'public',
      query: heartbeatQuery,
      responses: { 200: { description: 'text/event-stream' }, 400: 'problem' },
    },
    ({ req, res, query }) => {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
      const send = (type: string, data: unknown) => {
        // A client that cannot keep up is cut off rather than buffered without bound.
        if (res.writableLength > MAX_BUFFERED_BYTES) return res.destroy();
        res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      send('snapshot', servicesWithOverview(views, query.heartbeat));
      const unsubscribe = STREAM_EVENT_TYPES.map((type) => stream.subscribe(type, (data) => send(type, data)));
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(heartbeat);
        for (const off of unsubscribe) off();
      });
    },
  );
  return api;
}
