import net from 'node:net';

const handedOut = new Set<number>();

/**
 * A free TCP port on 127.0.0.1, never one this process handed out before (a port closed a moment ago is free to the
 * kernel, but a test may be about to bind it).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}
