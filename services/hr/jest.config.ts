import { projectConfig } from '../../jest.preset';

export default projectConfig('hr');
