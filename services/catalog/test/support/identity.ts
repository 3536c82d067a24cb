import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';

/** A real hr for one test file, and the admin token every write of the file is sent with. */
export interface TestIdentity {
  idp: TestIdentityProvider;
  /** Logged in as admin@erp.example, the way a client would. */
  adminToken: string;
}

/** Starts hr (fresh database, demo users) and logs the admin in. Call once per test file, in beforeAll. */
export async function startIdentity(): Promise<TestIdentity> {
  const idp = await startTestIdentityProvider();
  try {
    return { idp, adminToken: await idp.login('admin@erp.example') };
  } catch (error) {
    await idp.stop();
    throw error;
  }
}
