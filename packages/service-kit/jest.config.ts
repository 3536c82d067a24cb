import { projectConfig } from '../../jest.preset';

export default projectConfig('service-kit');
