import { projectConfig } from '../../jest.preset';

export default projectConfig('launcher', { testTimeout: 120_000 });
