import express, { type Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { HealthMonitor, HealthThresholdsInput } from '../../src';

/** Thresholds that never judge CPU, memory or event-loop delay, so the test machine's load cannot change a status. */
export const systemThresholdsOff: HealthThresholdsInput = {
  'cpu:utilization': { warn: null, fail: null },
  'memory:utilization': { warn: null, fail: null },
  'eventloop:delay': { warn: null, fail: null },
};

export interface HealthApp {
  url: string;
  get(path: string): Promise<{ status: number; headers: Headers; text: string; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** An Express app on 127.0.0.1 port 0 wired the way services wire it: metrics middleware, health router, then `routes`. */
export async function startHealthApp(monitor: HealthMonitor, routes: (app: Express) => void = () => undefined): Promise<HealthApp> {
  const app = express();
  app.use(monitor.middleware());
  app.use(monitor.router());
  routes(app);
  const server = await new Promise<ReturnType<Express['listen']>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async get(path) {
      const response = await fetch(`${url}${path}`);
      const text = await response.text();
      const json = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
      return { status: response.status, headers: response.headers, text, json };
    },
    async close() {
      monitor.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Calls `probe` until `accept` holds for its result (every 20 ms, up to `timeoutMs`), then returns that result. */
export async function pollUntil<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await probe();
  }
  return last;
}

/** The first (only) entry of a check in a /health body. */
export function checkOf(body: Record<string, unknown>, name: string): Record<string, unknown> {
  const checks = body.checks as Record<string, Array<Record<string, unknown>>> | undefined;
  const entry = checks?.[name]?.[0];
  if (!entry) throw new Error(`no check ${name} in ${JSON.stringify(body).slice(0, 300)}`);
  return entry;
}
