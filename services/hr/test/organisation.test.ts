import { startHr, type HrHarness } from './support/hr-harness';
import { hire } from './support/people';

let hr: HrHarness;
let admin: string;
beforeAll(async () => {
  hr = await startHr();
  admin = await hr.client.login('admin@erp.example');
});
afterAll(async () => {
  await hr?.stop();
});

type Department = { id: string; name: string; parentId: string | null; managerId: string | null; children: Department[] };

describe('departments', () => {
  test('when departments are nested, then the tree lists children under their parent with their manager', async () => {
    const manager = await hire(hr.client, admin, { roles: ['manager'] });
    const root = await hr.client.call<Department>('post', '/api/v1/departments', {
      token: admin,
      body: { name: 'Sales', managerId: manager.id },
    });
    const child = await hr.client.call<Department>('post', '/api/v1/departments', {
      token: admin,
      body: { name: 'Sales North', parentId: root.body.id },
    });
    expect(root.status).toBe(201);
    expect(child.status).toBe(201);
    const tree = await hr.client.call<Department[]>('get', '/api/v1/departments', { token: manager.token });
    const sales = tree.body.find((d) => d.id === root.body.id);
    expect(sales).toMatchObject({ managerId: manager.id, children: [{ id: child.body.id, name: 'Sales North', children: [] }] });
  });

  test('when a department is moved under its own descendant, then 422 and nothing changes', async () => {
    const a = await hr.client.call<Department>('post', '/api/v1/departments', { token: admin, body: { name: 'Loop A' } });
    const b = await hr.client.call<Department>('post', '/api/v1/departments', {
      token: admin,
      body: { name: 'Loop B', parentId: a.body.id },
    });
    const moved = await hr.client.call('patch', `/api/v1/departments/${a.body.id}`, { token: admin, body: { parentId: b.body.id } });
    expect(moved.status).toBe(422);
    expect(
      (await hr.client.call('patch', `/api/v1/departments/${a.body.id}`, { token: admin, body: { parentId: a.body.id } })).status,
    ).toBe(422);
    expect((await hr.client.call('get', `/api/v1/departments/${a.body.id}`, { token: admin })).body).toMatchObject({ parentId: null });
  });

  test('when a name is taken (any case), then 409', async () => {
    await hr.client.call('post', '/api/v1/departments', { token: admin, body: { name: 'Finance' } });
    expect((await hr.client.call('post', '/api/v1/departments', { token: admin, body: { name: 'FINANCE' } })).status).toBe(409);
  });

  test('when a manager creates a department, then 403', async () => {
    const manager = await hr.client.login('manager@erp.example');
    expect((await hr.client.call('post', '/api/v1/departments', { token: manager, body: { name: 'Rogue' } })).status).toBe(403);
  });
});

describe('employees', () => {
  test('when an email is reused in another case, then 409 duplicate-email', async () => {
    const first = await hire(hr.client, admin);
    const again = await hr.client.call('post', '/api/v1/employees', {
      token: admin,
      body: { firstName: 'Dup', lastName: 'Licate', email: first.email.toUpperCase(), jobTitle: 'Tester', hireDate: '2021-01-01' },
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://erp.example/problems/duplicate-email');
  });

  test('when an employee would end up managing their own manager, then 422', async () => {
    const boss = await hire(hr.client, admin, { roles: ['manager'] });
    const report = await hire(hr.client, admin, { managerId: boss.id });
    const loop = await hr.client.call('patch', `/api/v1/employees/${boss.id}`, { token: admin, body: { managerId: report.id } });
    expect(loop.status).toBe(422);
    expect(loop.body.type).toBe('https://erp.example/problems/management-cycle');
  });

  test('when employees list or read people, then they see themselves, managers their direct reports, hr everyone; others are 404', async () => {
    const boss = await hire(hr.client, admin, { roles: ['manager'] });
    const report = await hire(hr.client, admin, { managerId: boss.id });
    const stranger = await hire(hr.client, admin);
    const ids = async (token: string) =>
      (await hr.client.call<Array<{ id: string }>>('get', '/api/v1/employees?limit=200', { token })).body.map((e) => e.id).sort();

    expect(await ids(boss.token)).toEqual([boss.id, report.id].sort());
    expect(await ids(report.token)).toEqual([report.id]);
    expect(await ids(admin)).toEqual(expect.arrayContaining([boss.id, report.id, stranger.id]));
    expect((await hr.client.call('get', `/api/v1/employees/${report.id}`, { token: boss.token })).status).toBe(200);
    expect((await hr.client.call('get', `/api/v1/employees/${stranger.id}`, { token: boss.token })).status).toBe(404);
    expect((await hr.client.call('get', `/api/v1/employees/${boss.id}`, { token: report.token })).status).toBe(404);
  });

  test('when an employee edits their own record, then 403 (hr keeps records)', async () => {
    const person = await hire(hr.client, admin);
    expect(
      (await hr.client.call('patch', `/api/v1/employees/${person.id}`, { token: person.token, body: { jobTitle: 'Chief' } })).status,
    ).toBe(403);
  });

  test('when someone leaves, then their open requests are cancelled and the record is closed to edits', async () => {
    const person = await hire(hr.client, admin);
    const types = await hr.client.call<Array<{ id: string; code: string }>>('get', '/api/v1/leave-types', { token: admin });
    const sick = types.body.find((t) => t.code === 'sick')?.id;
    const request = await hr.client.call<{ id: string }>('post', '/api/v1/leave-requests', {
      token: person.token,
      body: { leaveTypeId: sick, startDate: '2031-03-03', endDate: '2031-03-03' },
    });
    await hr.client.call('post', `/api/v1/leave-requests/${request.body.id}/submit`, { token: person.token });
    expect(
      (await hr.client.call('post', `/api/v1/employees/${person.id}/leave`, { token: admin, body: { leftOn: '2031-01-31' } })).body,
    ).toMatchObject({ status: 'left', leftOn: '2031-01-31' });
    expect((await hr.client.call('get', `/api/v1/leave-requests/${request.body.id}`, { token: admin })).body).toMatchObject({
      status: 'cancelled',
    });
    expect((await hr.client.call('patch', `/api/v1/employees/${person.id}`, { token: admin, body: { jobTitle: 'Ghost' } })).status).toBe(
      409,
    );
    expect(
      (await hr.client.call('post', `/api/v1/employees/${person.id}/leave`, { token: admin, body: { leftOn: '2031-02-28' } })).status,
    ).toBe(409);
  });
});
