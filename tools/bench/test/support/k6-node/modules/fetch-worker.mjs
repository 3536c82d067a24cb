/** The thread that does k6-http.mjs's requests: fetch, post the answer back, wake the waiting main thread. */
import { parentPort, workerData } from 'node:worker_threads';

const { port, signal } = workerData;

parentPort.on('message', async (request) => {
  let answer;
  try {
    const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? undefined });
    answer = { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  } catch (error) {
    // k6 answers a request that got no response with status 0 rather than throwing
    answer = { status: 0, headers: {}, body: '', error: String(error.cause ?? error) };
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
