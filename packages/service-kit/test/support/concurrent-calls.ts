// Run as its own process by http-client.test.ts: 40 concurrent calls through one client against a slow local server,
// so that Node reports a MaxListenersExceededWarning (once per process) if abort listeners pile up on a shared signal.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, createLogger } from '../../src';

const server = http.createServer((_req, res) => setTimeout(() => res.end('{}'), 20));
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address() as AddressInfo;
  const client = createHttpClient({
    name: 'upstream',
    baseURL: `http://127.0.0.1:${port}`,
    logger: createLogger({ name: 'calls', level: 'silent' }),
  });
  await Promise.all(Array.from({ length: 40 }, (_, i) => client.get(`/items/${i}`)));
  await Promise.all(Array.from({ length: 40 }, (_, i) => client.post(`/items/${i}`, {}, { headers: { 'Idempotency-Key': `k${i}` } })));
  client.close();
  server.close();
  process.stdout.write('done\n');
});
