import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, hasRole, type TokenVerifier } from '@erp/auth';

/** A service the test observer probes: GET `${url}` answering 200 means UP, anything else DOWN. */
export interface ObservedTarget {
  name: string;
  healthUrl: string;
  dependsOn?: string[];
}

export interface ReceivedEvent {
  /** Who posted it: `static-token`, or the subject of the hr token (e.g. `watchdog`) with its token id. */
  postedBy: { subject: string; tokenId: string | null };
  source: string;
  kind: string;
  target: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  at: string;
  data: Record<string, unknown>;
}

type State = 'UP' | 'PENDING' | 'DOWN' | 'MAINTENANCE';
interface Entry {
  target: ObservedTarget;
  state: State;
  rootCause: string | null;
  since: string;
  lastCheckAt: string | null;
  failures: number;
  /** The latest probe's failure (a failed probe of a workload is a liveness failure), null when it passed. */
  failure: 'liveness' | null;
}

/**
 * A small but real observer for the watchdog's tests, speaking the observer's contract over HTTP:
 * `GET /api/v1/services` (and `/{name}`, with `failure`), the `GET /api/v1/stream` SSE `state` events, `POST /api/v1/events` (the static bearer token,
 * or — with `jwksUrl` — an hr access token checked against hr's real JWKS and holding `service:watchdog`, as the
 * real observer admits).
 * It really probes each target's health URL; DOWN after 2 failed probes in a row (a real observer's failure threshold),
 * UP on one success; a DOWN target whose dependency's last probe failed gets that dependency as root cause.
 */
export class FakeObserver {
  readonly events: ReceivedEvent[] = [];
  /** Every state change it announced, with the time (epoch ms) of the probe round that saw it. */
  readonly transitions: Array<{ name: string; from: State; to: State; at: number }> = [];
  private readonly entries = new Map<string, Entry>();
  private readonly streams = new Set<http.ServerResponse>();
  private server: http.Server | null = null;
  private timer: NodeJS.Timeout | undefined;
  private port = 0;

  /** Token ids refused on purpose (see `refuseNextServiceTokens`). */
  readonly refusedTokenIds: string[] = [];
  private refuseServiceTokens = 0;
  private readonly verifier: TokenVerifier | undefined;

  constructor(private readonly options: { token: string; probeMs?: number; jwksUrl?: string }) {
    this.verifier = options.jwksUrl ? createTokenVerifier({ jwksUrl: options.jwksUrl }) : undefined;
  }

  /** Answers 401 to the next `count` valid service tokens, as after a revocation or a key rotation at hr. */
  refuseNextServiceTokens(count: number): void {
    this.refuseServiceTokens = count;
  }

  /** The caller of a POST /api/v1/events, or null (→ 401). */
  private async caller(header: string | undefined): Promise<ReceivedEvent['postedBy'] | null> {
    if (header === `Bearer ${this.options.token}`) return { subject: 'static-token', tokenId: null };
    if (!this.verifier || !header?.startsWith('Bearer ')) return null;
    try {
      const principal = await this.verifier.verify(header.slice('Bearer '.length));
      if (!hasRole(principal, 'service:watchdog')) return null;
      if (this.refuseServiceTokens > 0) {
        this.refuseServiceTokens -= 1;
        this.refusedTokenIds.push(principal.tokenId);
        return null;
      }
      return { subject: principal.subject, tokenId: principal.tokenId };
    } catch {
      return null;
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  watch(target: ObservedTarget): void {
    this.entries.set(target.name, {
      target,
      state: 'PENDING',
      rootCause: null,
      since: new Date().toISOString(),
      lastCheckAt: null,
      failures: 0,
      failure: null,
    });
  }

  /** Starts serving (on the same port as before after a stop) and probing. */
  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    const probe = async () => {
      await this.probeAll();
      if (this.server) this.timer = setTimeout(() => void probe(), this.options.probeMs ?? 100);
    };
    void probe();
  }

  /** Stops serving and probing entirely, as if the observer went away. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    const server = this.server;
    this.server = null;
    for (const stream of this.streams) stream.destroy();
    this.streams.clear();
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stateOf(name: string): State | undefined {
    return this.entries.get(name)?.state;
  }

  private async probeAll(): Promise<void> {
    const results = await Promise.all(
      [...this.entries.values()].map(async (e) => {
        try {
          const response = await fetch(e.target.healthUrl, { signal: AbortSignal.timeout(500) });
          await response.arrayBuffer();
          return response.ok;
        } catch {
          return false;
        }
      }),
    );
    if (!this.server) return;
    const entries = [...this.entries.values()];
    const up = new Map(entries.map((e, i) => [e.target.name, results[i] === true]));
    const at = new Date().toISOString();
    for (const e of entries) {
      e.failures = up.get(e.target.name) ? 0 : e.failures + 1;
      const state: State = e.failures === 0 ? 'UP' : e.failures >= 2 ? 'DOWN' : e.state;
      const rootCause = state === 'DOWN' ? ((e.target.dependsOn ?? []).find((d) => up.get(d) === false) ?? null) : null;
      e.lastCheckAt = at;
      e.failure = e.failures === 0 ? null : 'liveness';
      if (state === e.state && rootCause === e.rootCause) continue;
      const from = e.state;
      Object.assign(e, { state, rootCause, since: at });
      this.transitions.push({ name: e.target.name, from, to: state, at: Date.parse(at) });
      this.broadcast('state', { name: e.target.name, from, to: state, at, rootCause, failure: e.failure });
    }
  }

  private broadcast(event: string, data: unknown): void {
    for (const stream of this.streams) stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const view = (e: Entry) => ({
      name: e.target.name,
      url: e.target.healthUrl,
      state: e.state,
      degraded: false,
      status: e.state === 'UP' ? 'pass' : 'fail',
      failure: e.failure,
      since: e.since,
      lastCheckAt: e.lastCheckAt,
      latencyMs: 1,
      dependsOn: e.target.dependsOn ?? [],
      rootCause: e.rootCause,
      labels: {},
    });
    if (req.method === 'GET' && req.url === '/api/v1/services') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([...this.entries.values()].map(view)));
      return;
    }
    const one = req.method === 'GET' ? /^\/api\/v1\/services\/([^/?]+)$/.exec(req.url ?? '') : null;
    if (one) {
      const entry = this.entries.get(decodeURIComponent(one[1] ?? ''));
      res.writeHead(entry ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(entry ? view(entry) : { status: 404 }));
      return;
    }
    if (req.method === 'GET' && req.url === '/api/v1/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': connected\n\n');
      this.streams.add(res);
      req.on('close', () => this.streams.delete(res));
      return;
    }
    if (req.method === 'POST' && req.url === '/api/v1/events') {
      const postedBy = await this.caller(req.headers.authorization);
      if (!postedBy) {
        res.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 401, title: 'Unauthorized' }));
        return;
      }
      let text = '';
      for await (const chunk of req) text += String(chunk);
      this.events.push({ ...(JSON.parse(text) as Omit<ReceivedEvent, 'postedBy'>), postedBy });
      res.writeHead(202).end();
      return;
    }
    res.writeHead(404).end();
  }
}
