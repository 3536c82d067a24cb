/**
 * Stand-in for `k6/http`: synchronous like k6 (the main thread waits while a worker thread sends the real request).
 * Response headers use Go's canonical names (`Content-Type`), as k6 exposes them; no response at all gives status 0, as in k6.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { recorded } from './state.mjs';

const TIMEOUT_MS = 30_000;
const { port1: answers, port2 } = new MessageChannel();
const signal = new Int32Array(new SharedArrayBuffer(4));
const worker = new Worker(new URL('./fetch-worker.mjs', import.meta.url), { workerData: { port: port2, signal }, transferList: [port2] });
worker.unref();

const canonical = (name) => name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash, letter) => dash + letter.toUpperCase());

function send(request) {
  Atomics.store(signal, 0, 0);
  worker.postMessage(request);
  if (Atomics.wait(signal, 0, 0, TIMEOUT_MS) === 'timed-out')
    throw new Error(`${request.method} ${request.url}: no answer in ${TIMEOUT_MS} ms`);
  return receiveMessageOnPort(answers).message;
}

export function request(method, url, body = null, params = {}) {
  const raw = send({ method, url, body, headers: params.headers ?? {} });
  recorded.requests.push({ method, url, tags: params.tags ?? {}, status: raw.status, ...(raw.error ? { error: raw.error } : {}) });
  const headers = Object.fromEntries(Object.entries(raw.headers).map(([name, value]) => [canonical(name), value]));
  return { status: raw.status, headers, body: raw.body, json: () => JSON.parse(raw.body) };
}

export const get = (url, params) => request('GET', url, null, params);
export const post = (url, body, params) => request('POST', url, body, params);
export default { request, get, post };
