import { describeHealingScenarios } from './support/healing-scenarios';
import { supervisedFleet } from './support/supervised-fleet';

/** The watchdog against the launcher's real Supervisor and its API, with real child processes. */
describe('watchdog with the process driver', () => {
  describeHealingScenarios(supervisedFleet);
});
