export { startTestIdentityProvider, type TestIdentityProvider } from './identity-provider';
