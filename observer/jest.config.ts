import { projectConfig } from '../jest.preset';

export default projectConfig('observer', {
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/../tsconfig.base.json' }] },
});
