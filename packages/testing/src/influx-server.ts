import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** A real influxd (Debian package `influxdb`, 1.x) on loopback, with its data in a temp dir. */
export interface InfluxServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** INFLUX_URL for the given database name. */
  urlFor(database: string): string;
  port: number;
  /** Stops the process (data kept), for restart tests. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data. */
  start(): Promise<void>;
  /** Stops and deletes the data. */
  destroy(): Promise<void>;
}

/** Starts influxd with its own config: loopback-only HTTP and RPC, reporting disabled, CQs checked every second. */
export async function startInfluxServer(binary = process.env.INFLUXD_BIN ?? '/usr/bin/influxd'): Promise<InfluxServer> {
  const dir = await mkdtemp(join(tmpdir(), 'observer-influx-'));
  const [port, rpcPort] = [await freePort(), await freePort()];
  const configPath = join(dir, 'influxdb.conf');
  await writeFile(
    configPath,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpcPort}"`,
      '[meta]',
      `  dir = "${join(dir, 'meta')}"`,
      '[data]',
      `  dir = "${join(dir, 'data')}"`,
      `  wal-dir = "${join(dir, 'wal')}"`,
      '  query-log-enabled = false',
      '[coordinator]',
      '  log-queries-after = "0s"',
      '[http]',
      '  enabled = true',
      `  bind-address = "127.0.0.1:${port}"`,
      '  log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '[continuous_queries]',
      '  log-enabled = false',
      '  run-interval = "1s"',
      '[logging]',
      '  level = "warn"',
      '',
    ].join('\n'),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    output = '';
    child = spawn(binary, ['run', '-config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`influxd exited with ${child.exitCode}: ${output}`);
      const ok = await fetch(`${baseUrl}/ping`).then(
        (r) => r.status === 204,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`influxd did not answer /ping within 20 s: ${output}`);
  };

  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    baseUrl,
    port,
    urlFor: (database) => `${baseUrl}/${database}`,
    start,
    stop,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
