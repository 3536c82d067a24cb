/** Entry of a server child process: `server-child.ts <scenario> <server>`, driven by IPC from the bench runner. */
import { loadScenario } from './registry';
import type { Json, StartedServer } from './scenario';

const [scenarioName, serverName] = process.argv.slice(2);
const send = (message: object) => process.send?.(message);
let started: StartedServer | undefined;

async function start(input: Json): Promise<void> {
  if (!scenarioName || !serverName) throw new Error('usage: server-child.ts <scenario> <server>');
  const scenario = loadScenario(scenarioName);
  const factory = scenario.servers[serverName];
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
  if (message.type === 'start') start(message.input ?? null).catch((error: unknown) => send({ type: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) }));
  if (message.type === 'stop') void stop();
});
// The runner went away: do not linger.
process.on('disconnect', () => void stop());
