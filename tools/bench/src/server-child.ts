/**
 * Entry of a server child process: `server-child.ts <scenario> <server>`, driven by IPC from the bench runner.
 * It imports only its own scenario file (not the registry), so a server child carries no other scenario's modules.
 */
import path from 'node:path';
import type { BenchScenario, Json, StartedServer } from './scenario';

const [scenarioName, serverName] = process.argv.slice(2);
const send = (message: object) => process.send?.(message);
let started: StartedServer | undefined;

/** The scenario a module exports by default, whichever way the loader wrapped CommonJS (`default` or `default.default`). */
function scenarioOf(module: unknown): BenchScenario {
  const outer = (module as { default?: { default?: unknown; servers?: unknown } }).default;
  const scenario = (outer && 'servers' in outer ? outer : outer?.default) as BenchScenario | undefined;
  if (!scenario || typeof scenario.servers !== 'object') throw new Error(`scenarios/${scenarioName}.bench.ts has no default scenario`);
  return scenario;
}

async function start(input: Json): Promise<void> {
  if (!scenarioName || !serverName || !/^[\w-]+$/.test(scenarioName)) throw new Error('usage: server-child.ts <scenario> <server>');
  const scenario = scenarioOf(await import(path.join(__dirname, 'scenarios', `${scenarioName}.bench.ts`)));
  const factory = Object.hasOwn(scenario.servers, serverName) ? scenario.servers[serverName] : undefined;
  if (!factory) throw new Error(`scenario ${scenarioName} has no server "${serverName}"`);
  started = await factory(input);
  send({ type: 'ready', url: started.url, meta: started.meta ?? {} });
}

async function stop(): Promise<void> {
  await started?.close();
  // process.exit (not a signal) so that --cpu-prof writes its profile.
  process.exit(0);
}

process.on('message', (message: { type: string; input?: Json }) => {
  if (message.type === 'start')
    start(message.input ?? null).catch((error: unknown) =>
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  if (message.type === 'stop') void stop();
});
// The runner went away: do not linger.
process.on('disconnect', () => void stop());
