import { randomUUID } from 'node:crypto';
import type { StaffRole } from '@erp/auth';
import { DEMO_PASSWORD, type Client } from './hr-harness';

/** A person created through the API, with a login. */
export interface Person {
  id: string;
  email: string;
  token: string;
}

/** Hires someone and gives them a login, as hr would; returns their id and a fresh access token. */
export async function hire(
  client: Client,
  adminToken: string,
  options: { managerId?: string | null; roles?: StaffRole[]; name?: string } = {},
): Promise<Person> {
  const email = `${options.name ?? 'person'}-${randomUUID().slice(0, 8)}@erp.example`;
  const created = await client.call<{ id: string }>('post', '/api/v1/employees', {
    token: adminToken,
    body: {
      firstName: options.name ?? 'Test',
      lastName: 'Person',
      email,
      jobTitle: 'Tester',
      hireDate: '2020-01-01',
      managerId: options.managerId ?? null,
    },
  });
  if (created.status !== 201) throw new Error(`hire answered ${created.status}: ${JSON.stringify(created.body)}`);
  const account = await client.call('post', `/api/v1/employees/${created.body.id}/account`, {
    token: adminToken,
    body: { password: DEMO_PASSWORD, roles: options.roles ?? ['employee'] },
  });
  if (account.status !== 201) throw new Error(`account answered ${account.status}: ${JSON.stringify(account.body)}`);
  return { id: created.body.id, email, token: await client.login(email) };
}
