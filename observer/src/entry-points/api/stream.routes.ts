import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import { STREAM_EVENT_TYPES } from '../../model/live-stream';
import type { ObserverPipeline } from '../../pipeline';
import { heartbeatQuery, servicesWithOverview } from './services.routes';

const MAX_BUFFERED_BYTES = 1024 * 1024;

const streamQuery = heartbeatQuery.extend({
  sampleBatchMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(5_000)
    .default(0)
    .describe('0: one `sample` event per poll; otherwise the polls of that many ms go out together as one `samples` event (an array)'),
});

/**
 * GET /api/v1/stream: server-sent events `snapshot`, `state`, `sample` (or batched `samples`), `event`, `alert`,
 * `incident` (JSON data), with a heartbeat.
 */
export function streamRoutes(views: Pick<ObserverPipeline, 'states' | 'stream' | 'memory' | 'watchdog'>): ApiRouter {
  const { stream } = views;
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/stream',
      summary: 'Live stream (text/event-stream) of state changes, samples, events and alerts',
      description:
        'First a `snapshot` event with every service (as GET /services lists them; `heartbeat=N` adds the latest N polls of each, so a dashboard starts full); then `state` ({ name, from, to, at, rootCause }), `sample` ({ name, at, ok, outcome, reason, latencyMs, … }), `event`, `alert` and `incident` events; a comment line every 15 s keeps proxies from closing it. ' +
        'With `sampleBatchMs=N` the samples of N ms go out as one `samples` event (an array of `sample` payloads): 500 targets at 1 s are then 2 events a second instead of 500 for a browser to dispatch. Every other event first sends the samples held back, so the order stays as it happened.',
      tags: ['stream'],
      auth: 'public',
      query: streamQuery,
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
      let held: unknown[] = [];
      let holdTimer: NodeJS.Timeout | null = null;
      const sendHeld = () => {
        if (holdTimer) clearTimeout(holdTimer);
        holdTimer = null;
        if (held.length === 0) return;
        send('samples', held);
        held = [];
      };
      const listener = (type: (typeof STREAM_EVENT_TYPES)[number]) => {
        if (type === 'sample' && query.sampleBatchMs > 0)
          return (data: unknown) => {
            held.push(data);
            holdTimer ??= setTimeout(sendHeld, query.sampleBatchMs);
          };
        return (data: unknown) => {
          sendHeld();
          send(type, data);
        };
      };
      const unsubscribe = STREAM_EVENT_TYPES.map((type) => stream.subscribe(type, listener(type)));
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(heartbeat);
        if (holdTimer) clearTimeout(holdTimer);
        for (const off of unsubscribe) off();
      });
    },
  );
  return api;
}
