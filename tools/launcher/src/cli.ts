import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchFleet, provideDatabase, type LaunchMode, type LaunchOptions } from './fleet';
import { repoRoot } from './fleet-manifest';

const usage = `Usage: pnpm start [--] [options]

Runs the whole ERP fleet locally: PostgreSQL (embedded unless DATABASE_URL is set), every service,
the observer and the watchdog; restarts a process that crashes; Ctrl-C stops everything.

Options:
  --mode all|monitoring|benchmark   all (default); monitoring = only the observer and watchdog, watching
                                    services at their default ports; benchmark = PostgreSQL, then pnpm bench
                                    with the remaining arguments (e.g. --mode benchmark orders --duration 5)
  --only a,b                        run only these fleet members
  --verbose                         copy every process's log to the terminal
  --state-dir DIR                   where data, logs and generated config live (default .erp/)
  -h, --help                        this text

Environment: DATABASE_URL (use this PostgreSQL server), REDIS_URL (use Redis; unset → in-process cache),
INFLUX_URL, SMTP_URL, ALERT_EMAIL_FROM, ALERT_EMAIL_TO, SLACK_WEBHOOK_URL (passed to the observer), LOG_LEVEL.
`;

async function main(): Promise<number> {
  // `pnpm start -- --only catalog` hands the `--` on; drop it so the options after it are read as options
  const args = process.argv.slice(2);
  if (args[0] === '--') args.shift();
  const options = {
    mode: { type: 'string', default: 'all' },
    only: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'state-dir': { type: 'string', default: path.join(repoRoot, '.erp') },
    help: { type: 'boolean', short: 'h', default: false },
  } as const;
  // Options the launcher does not know are the bench's in benchmark mode (`--mode benchmark orders --duration 5`).
  const { values, tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const passOn = tokens.flatMap((t) => {
    if (t.kind === 'positional') return [t.value];
    if (t.kind === 'option' && !(t.name in options)) return t.inlineValue ? [`${t.rawName}=${t.value}`] : [t.rawName];
    return [];
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const mode = values.mode as LaunchMode;
  if (!['all', 'monitoring', 'benchmark'].includes(mode)) {
    process.stderr.write(`--mode must be all, monitoring or benchmark, got "${String(values.mode)}"\n\n${usage}`);
    return 2;
  }
  if (mode !== 'benchmark' && passOn.length > 0) {
    process.stderr.write(`unknown arguments: ${passOn.join(' ')}\n\n${usage}`);
    return 2;
  }
  const opts: LaunchOptions = {
    mode,
    root: repoRoot,
    stateDir: path.resolve(String(values['state-dir'])),
    env: process.env,
    out: process.stdout,
    verbose: values.verbose === true,
    only:
      typeof values.only === 'string'
        ? values.only
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
  };
  return mode === 'benchmark' ? runBenchmarks(opts, passOn) : runFleet(opts);
}

/** Set in the launcher process that runs the fleet in a process group of its own (see {@link runInOwnProcessGroup}). */
const FLEET_GROUP_ENV = 'ERP_LAUNCHER_OWN_GROUP';

async function runFleet(opts: LaunchOptions): Promise<number> {
  if (process.env[FLEET_GROUP_ENV] !== '1') return runInOwnProcessGroup();
  const fleet = await launchFleet(opts);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals | 'disconnect'): void => {
      if (stopping) {
        process.stdout.write(`[launcher] ${signal} again: killing the fleet now\n`);
        // this launcher leads the fleet's process group: every member and PostgreSQL go with it
        process.kill(-process.pid, 'SIGKILL');
      }
      stopping = true;
      process.stdout.write(`\n[launcher] ${signal}: stopping the fleet…\n`);
      void fleet.stop().then(() => {
        process.stdout.write('[launcher] stopped cleanly\n');
        resolve(0);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // the launcher in the terminal is gone (closed terminal, killed): stop as for Ctrl-C
    process.on('disconnect', () => onSignal('disconnect'));
  });
}

/**
 * A terminal's Ctrl-C signals its whole foreground process group: PostgreSQL and every member would stop at once and
 * in no order (the observer losing its database mid-query). So the fleet runs under a second launcher process that
 * leads a process group of its own; this one only passes each signal on, and that one stops the members in
 * dependency order and PostgreSQL last. Resolves to its exit code.
 */
function runInOwnProcessGroup(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [FLEET_GROUP_ENV]: '1' },
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', () => forward('SIGTERM'));
  return new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 130 : 1))));
}

/** Benchmark-only mode: provide PostgreSQL, then run the bench CLI against it and exit with its status. */
async function runBenchmarks(opts: LaunchOptions, benchArgs: string[]): Promise<number> {
  const { postgresUrl, embedded } = await provideDatabase(opts, new Set());
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tools/bench/src/cli.ts'), ...benchArgs], {
      stdio: 'inherit',
      // the bench creates a fresh database per scenario on this server
      env: { ...opts.env, DATABASE_URL: `${postgresUrl}/postgres`, TEST_DATABASE_ADMIN_URL: `${postgresUrl}/postgres` },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[launcher] ${err instanceof Error ? err.message : `failed: ${String(err)}`}\n`);
    process.exit(1);
  },
);
