import net from 'node:net';
import { createTcpProxy, waitFor, type TcpProxy } from '../src';

/** An echo server on 127.0.0.1 port 0. */
async function startEcho(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}

/** A client that collects everything it receives. */
async function connect(port: number): Promise<{ socket: net.Socket; received: () => string; closed: () => boolean }> {
  const socket = net.connect({ host: '127.0.0.1', port });
  let data = '';
  let closed = false;
  socket.on('data', (chunk) => (data += chunk.toString()));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return { socket, received: () => data, closed: () => closed };
}

describe('createTcpProxy', () => {
  let echo: { server: net.Server; port: number };
  let proxy: TcpProxy;

  beforeEach(async () => {
    echo = await startEcho();
    proxy = await createTcpProxy({ targetPort: echo.port });
  });

  afterEach(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => echo.server.close(() => resolve()));
  });

  it('when running, then bytes go through both ways', async () => {
    const client = await connect(proxy.port);
    client.socket.write('hello');
    await waitFor(() => client.received() === 'hello');
    expect(proxy.connections).toBe(1);
    client.socket.destroy();
  });

  it('when paused, then nothing gets through until resume delivers it in order', async () => {
    const client = await connect(proxy.port);
    client.socket.write('a');
    await waitFor(() => client.received() === 'a');
    proxy.pause();
    client.socket.write('b');
    client.socket.write('c');
    const late = await connect(proxy.port);
    late.socket.write('x');
    // Give the bytes every chance to arrive, then check that none did (an observation, not a timing assertion).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.received()).toBe('a');
    expect(late.received()).toBe('');
    proxy.resume();
    await waitFor(() => client.received() === 'abc' && late.received() === 'x');
    client.socket.destroy();
    late.socket.destroy();
  });

  it('when cutAll is called, then open connections close and new ones still work', async () => {
    const client = await connect(proxy.port);
    client.socket.write('1');
    await waitFor(() => client.received() === '1');
    proxy.cutAll();
    await waitFor(() => client.closed());
    const again = await connect(proxy.port);
    again.socket.write('2');
    await waitFor(() => again.received() === '2');
    again.socket.destroy();
  });

  it('when refusing, then open connections are cut and new ones are reset without reaching the server; afterwards they work again', async () => {
    const client = await connect(proxy.port);
    proxy.refuse(true);
    expect(proxy.refusing).toBe(true);
    await waitFor(() => client.closed());
    const refused = net.connect({ host: '127.0.0.1', port: proxy.port });
    let received = '';
    refused.on('data', (chunk) => (received += chunk.toString()));
    refused.on('error', () => undefined);
    refused.write('lost');
    await new Promise<void>((resolve) => refused.once('close', () => resolve()));
    expect(received).toBe('');
    expect(proxy.connections).toBe(0);
    proxy.refuse(false);
    const again = await connect(proxy.port);
    again.socket.write('back');
    await waitFor(() => again.received() === 'back');
    again.socket.destroy();
  });

  it('when rewriting a URL, then host and port point at the proxy and the rest is kept', () => {
    expect(proxy.rewrite('postgres://postgres@127.0.0.1:5432/catalog?sslmode=disable')).toBe(
      `postgres://postgres@127.0.0.1:${proxy.port}/catalog?sslmode=disable`,
    );
  });
});
