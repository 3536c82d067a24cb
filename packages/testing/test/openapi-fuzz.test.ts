import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fuzzOpenApi } from '../src';

/**
 * A deliberately careless server (plain node:http, its OpenAPI document written by hand): the fuzzer must find each
 * kind of broken promise in it, and nothing in a careful one.
 */
const document = {
  openapi: '3.1.0',
  paths: {
    '/notes': {
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { text: { type: 'string', maxLength: 50 }, stars: { type: 'integer', minimum: 0 } },
                required: ['text'],
              },
            },
          },
        },
      },
    },
    '/notes/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } },
  },
};

interface Flaws {
  /** 500 when a note's text holds NUL (as PostgreSQL would). */
  nul?: boolean;
  /** 500 when a note's text holds a lone surrogate. */
  surrogate?: boolean;
  /** 500 when a path segment is not valid %-encoding. */
  encoding?: boolean;
  /** Refuses with a plain-text 400 instead of problem+json. */
  plainText?: boolean;
  /** Stores the note before refusing a negative star count. */
  halfWrite?: boolean;
}

/** Starts the server with the given flaws; `stored` is what it has written. */
async function startNotes(flaws: Flaws): Promise<{ url: string; stored: string[]; close: () => Promise<void> }> {
  const stored: string[] = [];
  const refuse = (res: http.ServerResponse, status: number) => {
    res.writeHead(status, { 'content-type': flaws.plainText ? 'text/plain' : 'application/problem+json' });
    res.end(flaws.plainText ? 'bad' : JSON.stringify({ type: 'about:blank', title: 'refused', status }));
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && url.pathname === '/openapi.json') return void res.end(JSON.stringify(document));
      if (req.method === 'GET' && url.pathname.startsWith('/notes/')) {
        try {
          decodeURIComponent(url.pathname.slice(7));
        } catch {
          return refuse(res, flaws.encoding ? 500 : 400);
        }
        return refuse(res, 404);
      }
      if (req.method !== 'POST' || url.pathname !== '/notes') return refuse(res, 404);
      let note: { text?: unknown; stars?: unknown };
      try {
        note = JSON.parse(raw) as typeof note;
      } catch {
        return refuse(res, 400);
      }
      if (typeof note !== 'object' || note === null || typeof note.text !== 'string' || note.text.length > 50) return refuse(res, 400);
      if (note.text.includes('\0')) return refuse(res, flaws.nul ? 500 : 400);
      if (!note.text.isWellFormed()) return refuse(res, flaws.surrogate ? 500 : 400);
      if (note.stars !== undefined && (typeof note.stars !== 'number' || !Number.isInteger(note.stars) || note.stars < 0)) {
        if (flaws.halfWrite) stored.push(note.text);
        return refuse(res, 400);
      }
      stored.push(note.text);
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stored, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function fuzz(flaws: Flaws) {
  const notes = await startNotes(flaws);
  try {
    return await fuzzOpenApi({ baseUrl: notes.url, runs: 20, seed: 42, digest: async () => ({ notes: notes.stored.join('\n') }) });
  } finally {
    await notes.close();
  }
}

describe('fuzzOpenApi', () => {
  it('when the server is careful, then every route is reached and nothing is reported', async () => {
    const report = await fuzz({});
    expect(report.routes).toBe(2);
    expect(report.statuses[201]).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
  });

  it('when NUL in a string makes a 500, then the fuzzer reports it', async () => {
    const report = await fuzz({ nul: true });
    expect(report.failures).toContainEqual({
      route: 'POST /notes',
      request: expect.stringContaining('\\u0000'),
      problem: expect.stringMatching(/^500/),
    });
  });

  it('when a lone surrogate in a string makes a 500, then the fuzzer reports it', async () => {
    const report = await fuzz({ surrogate: true });
    expect(report.failures).toContainEqual({
      route: 'POST /notes',
      request: expect.stringMatching(/\\ud[89a-f]/),
      problem: expect.stringMatching(/^500/),
    });
  });

  it('when a badly %-encoded path parameter makes a 500, then the fuzzer reports it', async () => {
    const report = await fuzz({ encoding: true });
    expect(report.failures).toContainEqual({
      route: 'GET /notes/{id}',
      request: expect.any(String),
      problem: expect.stringMatching(/^500/),
    });
  });

  it('when a refusal is not problem+json, then the fuzzer reports it', async () => {
    const report = await fuzz({ plainText: true });
    expect(report.failures).toContainEqual({ route: 'POST /notes', request: expect.any(String), problem: '400 as text/plain' });
  });

  it('when a refused write stores something, then the fuzzer reports the changed table', async () => {
    const report = await fuzz({ halfWrite: true });
    expect(report.failures).toContainEqual({ route: 'POST /notes', request: expect.any(String), problem: '400 but changed notes' });
  });
});
