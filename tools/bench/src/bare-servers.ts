/** Reference servers the catalog scenarios measure beside the real thing: they serve the same bytes and do nothing else. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Json, StartedServer } from './scenario';

export function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function bodyOf(input: Json): Buffer {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || typeof input.body !== 'string')
    throw new Error('expected { body: string }');
  return Buffer.from(input.body);
}

/** A bare node:http server answering every request with the product's bytes. */
export async function bareNodeServer(input: Json): Promise<StartedServer> {
  const body = bodyOf(input);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  return { url: await listen(server), close: () => closeServer(server) };
}

/** A bare Express 5 app (defaults) with one route sending the product's bytes. */
export async function bareExpressServer(input: Json): Promise<StartedServer> {
  const body = bodyOf(input);
  const app = express();
  app.get('/api/v1/products/:id', (_req, res) => {
    res.type('application/json').send(body);
  });
  const server = http.createServer(app);
  return { url: await listen(server), close: () => closeServer(server) };
}

/** GET `url` as text; throws naming the status when it is not 2xx. */
export async function getText(url: string): Promise<string> {
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 200)}`);
  return text;
}
