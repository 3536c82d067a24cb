import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
  body: { text: string; blocks: unknown[] };
  at: number;
}

/** A local stand-in for Slack's incoming webhook: records posts; can answer 429 (Retry-After 1) or 500 on command. */
export interface SlackReceiver {
  url: string;
  posts: SlackPost[];
  /** Answer the next `n` posts with this status instead of 200. */
  failNext(n: number, status: 429 | 500): void;
  rejected(): number;
  close(): Promise<void>;
}

export async function startSlackReceiver(): Promise<SlackReceiver> {
  const posts: SlackPost[] = [];
  let failures = 0;
  let failStatus: 429 | 500 = 429;
  let rejected = 0;
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/services/hook', (req, res) => {
    if (failures > 0) {
      failures -= 1;
      rejected += 1;
      if (failStatus === 429) res.setHeader('retry-after', '1');
      res.status(failStatus).send(failStatus === 429 ? 'rate_limited' : 'server_error');
      return;
    }
    posts.push({ body: req.body as SlackPost['body'], at: Date.now() });
    res.send('ok');
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/services/hook`,
    posts,
    failNext(n, status) {
      failures = n;
      failStatus = status;
    },
    rejected: () => rejected,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
