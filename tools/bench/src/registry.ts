import type { BenchScenario } from './scenario';
import catalog from './scenarios/catalog.bench';
import dashboard from './scenarios/dashboard.bench';
import fleet from './scenarios/fleet.bench';
import observer from './scenarios/observer.bench';
import orders from './scenarios/orders.bench';
import watchdog from './scenarios/watchdog.bench';

/**
 * Every scenario, in the order `pnpm bench` runs them. To add one: create `scenarios/<name>.bench.ts` with
 * `export default defineScenario({ name: '<name>', … })`, import it above and list it here.
 */
const registered: BenchScenario[] = [catalog, fleet, orders, observer, watchdog, dashboard];

const byName = new Map<string, BenchScenario>();
for (const scenario of registered) {
  if (byName.has(scenario.name)) throw new Error(`two bench scenarios are named "${scenario.name}"`);
  byName.set(scenario.name, scenario);
}

/** Names of every registered scenario, in registration order. */
export function scenarioNames(): string[] {
  return [...byName.keys()];
}

/** The scenario called `name`; throws naming the known ones when there is none. */
export function loadScenario(name: string): BenchScenario {
  const scenario = byName.get(name);
  if (!scenario) throw new Error(`unknown scenario "${name}"; known: ${scenarioNames().join(', ')}`);
  return scenario;
}
