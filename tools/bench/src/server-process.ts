import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Json, ServerHandle } from './scenario';

/** Messages from a server child. */
type ChildMessage = { type: 'ready'; url: string; meta: Record<string, Json> } | { type: 'failed'; error: string } | { type: 'stopped' };

const CHILD_ENTRY = path.join(__dirname, 'server-child.ts');
let started = 0;

function waitForMessage(
  child: ChildProcess,
  accept: (message: ChildMessage) => boolean,
  what: string,
  timeoutMs: number,
): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'failed') finish(new Error(`${what}: ${message.error}`));
      else if (accept(message)) finish(undefined, message);
    };
    const onExit = (code: number | null) => finish(new Error(`${what}: child exited with ${code}`));
    function finish(error?: Error, message?: ChildMessage) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as ChildMessage);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts `scenario.servers[server]` in its own Node process (tsx loader, NODE_ENV=production), so the server has a
 * core to itself while autocannon runs in this process.
 */
export async function startServerProcess(
  scenario: string,
  server: string,
  input: Json,
  options: { cpuProfDir?: string } = {},
): Promise<ServerHandle> {
  const execArgv = [
    '--import',
    'tsx',
    ...(options.cpuProfDir
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.cpuProfDir, `${scenario}-${server}-${(started += 1)}`)}`]
      : []),
  ];
  const child = fork(CHILD_ENTRY, [scenario, server], {
    execArgv,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const what = `server ${scenario}/${server}`;
  try {
    child.send({ type: 'start', input });
    const ready = await waitForMessage(child, (m) => m.type === 'ready', what, 60_000);
    if (ready.type !== 'ready') throw new Error(`${what}: unexpected ${ready.type}`);
    let stopped: Promise<void> | undefined;
    return {
      name: server,
      url: ready.url,
      meta: ready.meta,
      pid: child.pid ?? -1,
      stop: () =>
        (stopped ??= (async () => {
          if (child.exitCode !== null) return;
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          child.send({ type: 'stop' });
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        })()),
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
