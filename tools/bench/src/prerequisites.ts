import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { adminDatabaseUrl } from '@erp/testing';
import { BENCH_REDIS_URL } from './redis';

/** Something a scenario needs from the machine, and how to get it when it is missing. */
export interface Prerequisite {
  /** What it is, e.g. `/bin/busybox`. */
  what: string;
  /** How to get it, e.g. `apt-get install busybox-static`. */
  howToGet: string;
  present(): boolean | Promise<boolean>;
}

/** An executable file at `file`. */
export function executableFile(file: string, howToGet: string): Prerequisite {
  return { what: file, howToGet, present: () => isExecutable(file) };
}

/** A command found on PATH. */
export function commandOnPath(command: string, howToGet: string): Prerequisite {
  return {
    what: `${command} (on PATH)`,
    howToGet,
    present: () => (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, command))),
  };
}

/**
 * A server accepting TCP connections at `url`'s host and port (PostgreSQL, Redis), tried once with a 2 s timeout.
 * `url` is read when checked, so an environment variable set after the scenario was loaded still counts.
 */
export function serverAt(what: string, url: () => string, defaultPort: number, howToGet: string): Prerequisite {
  let where = '';
  return {
    get what() {
      return `${what} at ${where || url().replace(/\/\/[^@/]*@/, '//')}`;
    },
    howToGet,
    present: () => {
      const target = new URL(url());
      const port = Number(target.port || defaultPort);
      where = `${target.hostname}:${port}`;
      return new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: target.hostname.replace(/^\[|\]$/g, ''), port });
        const done = (ok: boolean) => {
          socket.destroy();
          resolve(ok);
        };
        socket.setTimeout(2000, () => done(false));
        socket.once('connect', () => done(true));
        socket.once('error', () => done(false));
      });
    },
  };
}

/** The prerequisites that are missing, each as "what (how to get it)". */
export async function missingPrerequisites(requires: readonly Prerequisite[] = []): Promise<string[]> {
  const present = await Promise.all(requires.map((p) => p.present()));
  return requires.filter((_, i) => !present[i]).map((p) => `${p.what} (${p.howToGet})`);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The PostgreSQL every scenario creates its databases in (`TEST_DATABASE_ADMIN_URL`, else 127.0.0.1:5432). */
export const POSTGRES = serverAt(
  'PostgreSQL',
  adminDatabaseUrl,
  5432,
  'sudo pnpm test:prereqs starts it; TEST_DATABASE_ADMIN_URL points elsewhere',
);
/** The Redis the services cache in (`BENCH_REDIS_URL`, `REDIS_URL`, else 127.0.0.1:6379). */
export const REDIS = serverAt('Redis', () => BENCH_REDIS_URL, 6379, 'sudo pnpm test:prereqs starts it; BENCH_REDIS_URL points elsewhere');
/** InfluxDB 1.x, which the observer writes to (`INFLUXD_BIN`, else Debian's /usr/bin/influxd). */
export const INFLUXD = executableFile(
  process.env.INFLUXD_BIN ?? '/usr/bin/influxd',
  'Debian: apt-get install influxdb, or sudo pnpm test:prereqs',
);
