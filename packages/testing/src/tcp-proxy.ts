import net from 'node:net';

/** Options of {@link createTcpProxy}. */
export interface TcpProxyOptions {
  /** Where connections are forwarded (default 127.0.0.1). */
  targetHost?: string;
  targetPort: number;
  /** Port to listen on, on 127.0.0.1 (default 0: any free port). */
  listenPort?: number;
}

/** A real TCP proxy in front of a server, to make it "stop answering" without mocking its client. */
export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** Number of client connections currently open through the proxy. */
  readonly connections: number;
  /** Whether forwarding is paused. */
  readonly paused: boolean;
  /** Whether connections are refused (see {@link TcpProxy.refuse}). */
  readonly refusing: boolean;
  /** Returns `url` with its host and port replaced by the proxy's (e.g. a DATABASE_URL or REDIS_URL). */
  rewrite(url: string): string;
  /** Stops forwarding in both directions: existing and new connections stay open but nothing gets through (requests hang). */
  pause(): void;
  /** Forwards again, delivering whatever was held back while paused. */
  resume(): void;
  /** Destroys every open connection (both sides); the proxy keeps listening. */
  cutAll(): void;
  /** `true`: cuts every connection and resets new ones at once (the server is down, connections fail fast); `false`: forwards again. */
  refuse(on: boolean): void;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/** One client connection and its upstream, with the bytes held back while paused. */
class ProxiedConnection {
  private upstream: net.Socket | undefined;
  private readonly toUpstream: Buffer[] = [];
  private readonly toClient: Buffer[] = [];

  constructor(
    private readonly client: net.Socket,
    private readonly proxy: { isPaused(): boolean; connectUpstream(): net.Socket; forget(c: ProxiedConnection): void },
  ) {
    client.setNoDelay(true);
    client.on('data', (chunk: Buffer) => this.forward(chunk, this.toUpstream, this.upstream));
    client.on('close', () => this.destroy());
    client.on('error', () => this.destroy());
    if (!proxy.isPaused()) this.connect();
  }

  /** Opens the upstream socket (deferred while paused, so new connections hang too). */
  connect(): void {
    if (this.upstream || this.client.destroyed) return;
    const upstream = this.proxy.connectUpstream();
    this.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('data', (chunk: Buffer) => this.forward(chunk, this.toClient, this.client));
    upstream.on('close', () => this.destroy());
    upstream.on('error', () => this.destroy());
    this.flush();
  }

  private forward(chunk: Buffer, queue: Buffer[], destination: net.Socket | undefined): void {
    if (this.proxy.isPaused() || !destination || queue.length > 0) {
      queue.push(chunk);
      return;
    }
    destination.write(chunk);
  }

  /** Delivers held-back bytes in order. */
  flush(): void {
    if (this.proxy.isPaused()) return;
    if (!this.upstream) return this.connect();
    for (const chunk of this.toUpstream.splice(0)) this.upstream.write(chunk);
    for (const chunk of this.toClient.splice(0)) this.client.write(chunk);
  }

  destroy(): void {
    this.client.destroy();
    this.upstream?.destroy();
    this.proxy.forget(this);
  }
}

/** Starts a TCP proxy on 127.0.0.1 forwarding to `targetHost:targetPort`. */
export async function createTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const targetHost = options.targetHost ?? '127.0.0.1';
  const open = new Set<ProxiedConnection>();
  let paused = false;
  let refusing = false;
  const hooks = {
    isPaused: () => paused,
    connectUpstream: () => net.connect({ host: targetHost, port: options.targetPort }),
    forget: (c: ProxiedConnection) => open.delete(c),
  };
  const server = net.createServer((socket) => {
    if (refusing) socket.resetAndDestroy();
    else open.add(new ProxiedConnection(socket, hooks));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  const cutAll = () => {
    for (const connection of [...open]) connection.destroy();
  };
  return {
    host: '127.0.0.1',
    port,
    get connections() {
      return open.size;
    },
    get paused() {
      return paused;
    },
    get refusing() {
      return refusing;
    },
    rewrite(url: string) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const connection of open) connection.flush();
    },
    cutAll,
    refuse(on: boolean) {
      refusing = on;
      if (on) cutAll();
    },
    close() {
      cutAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
