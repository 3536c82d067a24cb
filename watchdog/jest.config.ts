import { projectConfig } from '../jest.preset';

export default projectConfig('watchdog', { testTimeout: 60_000 });
