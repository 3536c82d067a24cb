import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chownSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@erp/testing';

/** A PostgreSQL of the test's own (never the machine's shared one), which the test can freeze and thaw. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: pass it as TEST_DATABASE_ADMIN_URL. */
  adminUrl: string;
  /** SIGSTOP to the postmaster and every backend: connections stay open and every query hangs, as in a stalled datastore. */
  stall(): void;
  /** SIGCONT to all of them. */
  resume(): void;
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL server binaries (`/usr/lib/postgresql/<version>/bin`). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (Debian: apt-get install postgresql)');
  return path.join(root, newest, 'bin');
}

/** The server refuses to run as root: as root, run it as the `postgres` user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Pids of the postmaster and its children (the backends and background workers). */
function clusterPids(postmaster: number): number[] {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === postmaster ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
  return [postmaster, ...children];
}

/** initdb in a temp folder, then `postgres` on a free loopback port (trust auth, no fsync: it is thrown away). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'erp-private-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const [initdb, initArgs] = asServerUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [postgres, args] = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'max_connections=200',
  ]);
  const child: ChildProcess = spawn(postgres, args, { stdio: 'ignore' });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`private PostgreSQL did not start on port ${port}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const postmaster = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const signal = (sig: NodeJS.Signals, pids: number[]) => {
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // gone meanwhile
      }
    }
  };
  // As root the postmaster runs under runuser, which stops itself when its child is stopped (job control, like su):
  // it must be continued too, or it never reaps the postmaster and this process never exits.
  const wrapper = child.pid !== undefined && child.pid !== postmaster ? [child.pid] : [];
  return {
    adminUrl,
    stall: () => signal('SIGSTOP', clusterPids(postmaster)),
    resume: () => signal('SIGCONT', [...clusterPids(postmaster).reverse(), ...wrapper]),
    async stop() {
      signal('SIGCONT', [...clusterPids(postmaster), ...wrapper]);
      signal('SIGQUIT', [postmaster]);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
