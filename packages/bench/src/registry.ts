import type { BenchScenario } from './scenario';

/**
 * Every scenario, by name, loaded lazily (a scenario's imports cost nothing unless it runs).
 * To add one: create `scenarios/<name>.bench.ts` with `export default defineScenario({ name: '<name>', … })`
 * and add one line here (the `.js` extension is what TypeScript's Node16 resolution wants; tsx loads the `.ts`).
 */
const loaders: Record<string, () => Promise<unknown>> = {
  catalog: () => import('./scenarios/catalog.bench.js'),
  orders: () => import('./scenarios/orders.bench.js'),
  observer: () => import('./scenarios/observer.bench.js'),
  watchdog: () => import('./scenarios/watchdog.bench.js'),
};

/** Names of every registered scenario, in registration order. */
export function scenarioNames(): string[] {
  return Object.keys(loaders);
}

function isScenario(value: unknown): value is BenchScenario {
  return typeof value === 'object' && value !== null && typeof (value as BenchScenario).name === 'string' && typeof (value as BenchScenario).run === 'function';
}

/** The default export of a scenario module, whichever way the loader wrapped CommonJS (`default` or `default.default`). */
function defaultExport(module: unknown): unknown {
  const outer = (module as { default?: unknown }).default;
  return isScenario(outer) ? outer : (outer as { default?: unknown } | undefined)?.default;
}

/** Loads a scenario; throws on an unknown name, a file without a default scenario, or one registered under another name. */
export async function loadScenario(name: string): Promise<BenchScenario> {
  const load = Object.hasOwn(loaders, name) ? loaders[name] : undefined;
  if (!load) throw new Error(`unknown scenario "${name}"; known: ${scenarioNames().join(', ')}`);
  const scenario = defaultExport(await load());
  if (!isScenario(scenario)) throw new Error(`scenarios/${name}.bench.ts has no default export made with defineScenario(...)`);
  if (scenario.name !== name) throw new Error(`scenario registered as "${name}" calls itself "${scenario.name}"`);
  return scenario;
}
