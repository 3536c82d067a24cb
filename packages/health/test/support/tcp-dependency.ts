import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 port 0 in front of a real server (e.g. Redis). `hang()` makes it stop answering
 * (connections are accepted, nothing is forwarded); `close()` refuses connections; `restore()` undoes both.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private hanging = false;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket | undefined }>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(port = this.port): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  hang(): void {
    this.hanging = true;
    for (const pair of this.pairs) {
      pair.client.pause();
      pair.upstream?.pause();
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.pairs.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Answers again: stops hanging, and listens again on the same port if closed. */
  async restore(): Promise<void> {
    this.hanging = false;
    for (const pair of this.pairs) {
      if (!pair.upstream) pair.upstream = this.connectUpstream(pair.client);
      pair.client.resume();
      pair.upstream.resume();
    }
    if (!this.server) await this.listen(this.port);
  }

  private accept(client: net.Socket): void {
    const pair: { client: net.Socket; upstream: net.Socket | undefined } = { client, upstream: undefined };
    this.pairs.add(pair);
    client.on('error', () => undefined);
    client.once('close', () => {
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });
    if (this.hanging) client.pause();
    else pair.upstream = this.connectUpstream(client);
  }

  private connectUpstream(client: net.Socket): net.Socket {
    const upstream = net.connect(this.target);
    upstream.on('error', () => client.destroy());
    upstream.once('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    return upstream;
  }
}

/** Sends `PING` over a fresh connection and resolves on `+PONG` (RESP, as Redis answers); honours `signal`. */
export function redisPing(port: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (error?: Error): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG') ? undefined : new Error(`unexpected reply ${JSON.stringify(reply)}`));
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connection closed before a reply')));
  });
}

/** A tiny line server on 127.0.0.1 that answers `PING\n` with `PONG\n` — a downstream we can stop and start. */
export class PingServer {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  async listen(port = this.port): Promise<void> {
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('PING')) socket.end('PONG\n');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Sends `PING\n` to a PingServer and resolves on `PONG`; honours `signal`. */
export function linePing(port: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, signal });
    socket.once('connect', () => socket.write('PING\n'));
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      if (chunk.toString().startsWith('PONG')) resolve();
      else reject(new Error('unexpected reply'));
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('connection closed before a reply')));
  });
}
