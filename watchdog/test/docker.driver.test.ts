import { describeHealingScenarios } from './support/healing-scenarios';
import { dockerFleet } from './support/dockerd';

/** The watchdog against a real dockerd (scripts/start-dockerd.sh) with FROM-scratch busybox containers. */
describe('watchdog with the docker driver', () => {
  describeHealingScenarios(dockerFleet);
});
