import { projectConfig } from '../../jest.preset';

export default projectConfig('harness');
