import http from 'node:http';

/** Options of {@link openLoad}. */
export interface OpenLoadOptions {
  /** Absolute URL every request goes to. */
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Requests started per second, evenly spaced, whatever the answers take (an open model, like k6's constant-arrival-rate). */
  ratePerSec: number;
  /** Keep-alive connections the requests share (the number of concurrent clients); a request finding all busy waits for one. */
  connections: number;
  durationSeconds: number;
  /** Headers and body of request number `n` (1-based). */
  request(n: number): { headers: Record<string, string>; body?: string };
  /** A request without an answer after this long counts as a timeout (default 10 000 ms). */
  timeoutMs?: number;
  /** Called with every answer: its status and its latency in ms, measured from when it was due (not from when a connection was free). */
  onResponse?(status: number, latencyMs: number): void;
}

/** What an open-model run did. */
export interface OpenLoadResult {
  /** Requests started. */
  sent: number;
  statuses: Record<number, number>;
  errors: number;
  timeouts: number;
  /** Wall time from the first request to the last answer, in seconds. */
  durationSeconds: number;
}

/**
 * Sends requests at a fixed arrival rate for `durationSeconds` over at most `connections` keep-alive connections,
 * then waits for the answers. Latency counts from each request's due time, so a server that falls behind shows it
 * (no coordinated omission): autocannon's rate limit fires whole bursts at each second, which measures a burst, not a
 * steady rate.
 */
export async function openLoad(options: OpenLoadOptions): Promise<OpenLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const total = Math.round(options.ratePerSec * options.durationSeconds);
  const intervalMs = 1000 / options.ratePerSec;
  const statuses: Record<number, number> = {};
  let errors = 0;
  let timeouts = 0;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const start = performance.now();

  const fire = (n: number, dueAt: number) => {
    const { headers, body } = options.request(n);
    const done = new Promise<void>((resolve) => {
      const request = http.request(
        options.url,
        {
          method: options.method,
          agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            statuses[status] = (statuses[status] ?? 0) + 1;
            options.onResponse?.(status, performance.now() - dueAt);
            resolve();
          });
          response.on('error', () => {
            errors += 1;
            resolve();
          });
        },
      );
      request.setTimeout(timeoutMs, () => {
        timeouts += 1;
        request.destroy(new Error('timeout'));
      });
      request.on('error', () => {
        errors += 1;
        resolve();
      });
      request.end(body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      // every request that is due by now, each with its own due time
      while (sent < total && sent * intervalMs <= elapsed) {
        sent += 1;
        fire(sent, start + (sent - 1) * intervalMs);
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(intervalMs, sent * intervalMs - elapsed)));
    };
    tick();
  });
  await Promise.all([...pending]);
  // timeouts are counted in both `timeouts` and `errors` (the destroyed request errors); keep them apart
  errors -= timeouts;
  agent.destroy();
  return { sent, statuses, errors, timeouts, durationSeconds: (performance.now() - start) / 1000 };
}
