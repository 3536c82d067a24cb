import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, freePort, waitFor, type TestDatabase } from '@erp/testing';

/**
 * A real theme service process for other members' tests (the observer's dashboard mirrors its tokens). Spawned like
 * the launcher does it (`node --import tsx services/theme/src/main.ts`), never imported; it can be stopped and started
 * again on the same port and database, to test what its clients do while it is down.
 */
export interface TestTheme {
  /** theme's base URL: pass it as `THEME_URL`. It stays the same across stop()/start(). */
  url: string;
  /** Stops the process (SIGTERM, waits for the exit); the database stays. */
  stopProcess(): Promise<void>;
  /** Starts the process again on the same port and database. */
  start(): Promise<void>;
  /** Stops the process and drops its database. */
  stop(): Promise<void>;
}

const THEME_MAIN = path.resolve(__dirname, '../../../services/theme/src/main.ts');

/** Starts theme on a free port with a fresh database; `env` is added to its environment (e.g. HR_URL). */
export async function startTestTheme(options: { env?: Record<string, string> } = {}): Promise<TestTheme> {
  const db: TestDatabase = await createTestDatabase('theme_svc');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const stopProcess = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      await exited;
    }
  };

  const start = async (): Promise<void> => {
    if (child) return;
    let output = '';
    let listening = false;
    const spawned = spawn(process.execPath, ['--import', 'tsx', THEME_MAIN], {
      cwd: path.dirname(path.dirname(THEME_MAIN)),
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATABASE_URL: db.url,
        SHUTDOWN_DELAY_MS: '0',
        // theme's write routes need a token verifier to mount; without hr (options.env.HR_URL) they answer 503/401,
        // while the public theme files, the demo and /health work
        ...(options.env?.HR_URL ? {} : { AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' }),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('theme listening')) listening = true;
    };
    spawned.stdout?.on('data', collect);
    spawned.stderr?.on('data', collect);
    try {
      const outcome = await waitFor(() => (spawned.exitCode !== null ? 'exited' : listening && 'listening'), {
        timeoutMs: 60_000,
        intervalMs: 50,
        message: 'theme listening',
      });
      if (outcome === 'exited') throw new Error(`theme exited with ${spawned.exitCode}:\n${output}`);
    } catch (error) {
      await stopProcess();
      throw error;
    }
  };

  try {
    await start();
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    url,
    stopProcess,
    start,
    stop: async () => {
      await stopProcess();
      await db.drop();
    },
  };
}
