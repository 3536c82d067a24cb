/**
 * Measures what the health package costs a service, as server CPU time per request (robust on a busy machine)
 * and as throughput / latency under autocannon (50 connections):
 *   bare Express route · the same route behind `health.middleware()` · `GET /health`.
 * Run: `pnpm --filter @erp/health bench` (options: DURATION=seconds, CONNECTIONS=n).
 */
import autocannon from 'autocannon';
import express from 'express';
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { HealthMonitor } from '../src';

type Message = { port: number } | { cpuMicros: number };

function serve(): void {
  const health = new HealthMonitor({ serviceId: 'bench', version: '0.1.0' });
  health.addCheck({ name: 'noop:responseTime', componentType: 'component', run: async () => undefined, intervalMs: 1000 });
  const app = express();
  app.set('etag', false);
  app.get('/bare', (_req, res) => {
    res.send('ok');
  });
  app.use(health.router());
  app.use(health.middleware());
  app.get('/measured', (_req, res) => {
    res.send('ok');
  });
  health.start();
  health.setReady(true);
  const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port } satisfies Message));
  process.on('message', () => {
    const usage = process.cpuUsage();
    process.send?.({ cpuMicros: usage.user + usage.system } satisfies Message);
  });
}

function ask(child: ChildProcess): Promise<Message> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as Message));
    child.send('cpu');
  });
}

async function measure(child: ChildProcess, url: string, duration: number, connections: number): Promise<string> {
  const before = (await ask(child)) as { cpuMicros: number };
  const result = await autocannon({ url, duration, connections });
  const after = (await ask(child)) as { cpuMicros: number };
  const perRequest = (after.cpuMicros - before.cpuMicros) / Math.max(1, result.requests.total);
  return `${new URL(url).pathname.padEnd(10)} ${perRequest.toFixed(1).padStart(7)} µs CPU/req ${String(Math.round(result.requests.average)).padStart(7)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`;
}

/** Per-call cost of the two things on the hot path, measured in-process (no network, little noise from other load). */
function microbench(): void {
  const health = new HealthMonitor({ serviceId: 'bench', version: '0.1.0', maxReportAgeMs: 0 });
  const middleware = health.middleware();
  const noop = (): void => undefined;
  const rounds = 1_000_000;
  const timeIt = (fn: () => void, n: number): number => {
    const started = performance.now();
    for (let i = 0; i < n; i++) fn();
    return ((performance.now() - started) / n) * 1e6; // ns
  };
  const perRequest = () => {
    const res = Object.assign(new EventEmitter(), { statusCode: 200 });
    middleware({ url: '/api/v1/products' } as never, res as never, noop);
    res.emit('finish');
  };
  const baseline = () => {
    const res = Object.assign(new EventEmitter(), { statusCode: 200 });
    noop();
    res.emit('finish');
  };
  timeIt(perRequest, rounds); // warm-up, and fills the latency window
  const middlewareNs = timeIt(perRequest, rounds) - timeIt(baseline, rounds);
  const rebuildUs = timeIt(() => void health.report(), 20_000) / 1000;
  process.stdout.write(
    `middleware(): ${middlewareNs.toFixed(0)} ns per request · report rebuild: ${rebuildUs.toFixed(1)} µs (at most every 250 ms)\n`,
  );
}

async function main(): Promise<void> {
  microbench();
  const duration = Number(process.env.DURATION ?? 10);
  const connections = Number(process.env.CONNECTIONS ?? 50);
  const child = fork(__filename, ['serve'], { execArgv: ['--import', 'tsx'] });
  const { port } = (await new Promise((resolve) => child.once('message', resolve))) as { port: number };
  const base = `http://127.0.0.1:${port}`;
  await autocannon({ url: `${base}/bare`, duration: 2, connections }); // warm-up
  for (const path of ['/bare', '/measured', '/health', '/bare', '/measured', '/health']) {
    process.stdout.write(`${await measure(child, `${base}${path}`, duration, connections)}\n`);
  }
  child.kill();
}

if (process.argv[2] === 'serve') serve();
else void main();
