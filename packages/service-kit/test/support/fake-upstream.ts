import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the upstream does with one request: answer with a status, or never answer. */
export type Behaviour = { status: number; body?: unknown } | 'hang';

/** A real HTTP server on 127.0.0.1:0 standing in for another service; records every request it gets. */
export interface FakeUpstream {
  url: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  /** Decides the answer to each request (default 200 `{ ok: true }`). */
  behave(next: (req: http.IncomingMessage, index: number) => Behaviour): void;
  close(): Promise<void>;
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  let decide: (req: http.IncomingMessage, index: number) => Behaviour = () => ({ status: 200, body: { ok: true } });
  const requests: FakeUpstream['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    const behaviour = decide(req, requests.length - 1);
    if (behaviour === 'hang') return;
    res.writeHead(behaviour.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(behaviour.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    behave(next) {
      decide = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
