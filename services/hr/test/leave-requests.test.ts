import { startHr, type HrHarness } from './support/hr-harness';
import { hire, type Person } from './support/people';

/** 2031-03-03 is a Monday; the week runs to Friday 2031-03-07. */
const YEAR = 2031;

let hr: HrHarness;
let admin: string;
let types: Record<string, string>;

beforeAll(async () => {
  hr = await startHr();
  admin = await hr.client.login('admin@erp.example');
  const listed = await hr.client.call<Array<{ id: string; code: string }>>('get', '/api/v1/leave-types', { token: admin });
  types = Object.fromEntries(listed.body.map((t) => [t.code, t.id]));
});
afterAll(async () => {
  await hr?.stop();
});

/** A manager and one report, with `annual` days allocated for {@link YEAR}. */
async function team(annualDays = 10): Promise<{ manager: Person; employee: Person }> {
  const manager = await hire(hr.client, admin, { roles: ['manager'], name: 'manager' });
  const employee = await hire(hr.client, admin, { managerId: manager.id, name: 'employee' });
  await allocate(employee.id, 'annual', annualDays);
  return { manager, employee };
}

async function allocate(employeeId: string, code: string, days: number): Promise<number> {
  return (
    await hr.client.call('put', `/api/v1/employees/${employeeId}/allocations/${types[code]}/${YEAR}`, { token: admin, body: { days } })
  ).status;
}

type LeaveRequest = { id: string; status: string; days: number; firstApproverId: string | null; employeeId: string };

async function draft(token: string, body: Record<string, unknown>): Promise<LeaveRequest> {
  const reply = await hr.client.call<LeaveRequest>('post', '/api/v1/leave-requests', {
    token,
    body: { leaveTypeId: types.annual, ...body },
  });
  if (reply.status !== 201) throw new Error(`draft answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const act = (token: string, id: string, action: string) =>
  hr.client.call<LeaveRequest & { type?: string; detail?: string }>('post', `/api/v1/leave-requests/${id}/${action}`, {
    token,
    ...(action === 'approve' || action === 'reject' ? { body: {} } : {}),
  });

async function submitted(token: string, body: Record<string, unknown>): Promise<LeaveRequest> {
  const request = await draft(token, body);
  const reply = await act(token, request.id, 'submit');
  if (reply.status !== 200) throw new Error(`submit answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

type Balance = { code: string; allocated: number; approved: number; pending: number; available: number };

async function annualBalance(token: string, employeeId: string): Promise<Balance> {
  const reply = await hr.client.call<Balance[]>('get', `/api/v1/employees/${employeeId}/balances?year=${YEAR}`, { token });
  const row = reply.body.find((b) => b.code === 'annual');
  if (!row) throw new Error('no annual balance');
  return row;
}

describe('the workflow', () => {
  test('when an employee submits and their manager approves, then the balance moves from pending to approved', async () => {
    const { manager, employee } = await team(10);
    const request = await draft(employee.token, { startDate: '2031-03-03', endDate: '2031-03-07', reason: 'spring' });
    expect(request).toMatchObject({ status: 'draft', days: 5 });
    expect(await annualBalance(employee.token, employee.id)).toMatchObject({ allocated: 10, approved: 0, pending: 0, available: 10 });

    expect((await act(employee.token, request.id, 'submit')).body).toMatchObject({ status: 'submitted' });
    expect(await annualBalance(employee.token, employee.id)).toMatchObject({ allocated: 10, approved: 0, pending: 5, available: 5 });

    const approved = await act(manager.token, request.id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedById: manager.id });
    expect(await annualBalance(manager.token, employee.id)).toMatchObject({ allocated: 10, approved: 5, pending: 0, available: 5 });
  });

  test('when a manager rejects, then the request is rejected and the days return', async () => {
    const { manager, employee } = await team(10);
    const request = await submitted(employee.token, { startDate: '2031-03-10', endDate: '2031-03-11' });
    expect((await act(manager.token, request.id, 'reject')).body).toMatchObject({ status: 'rejected' });
    expect(await annualBalance(employee.token, employee.id)).toMatchObject({ pending: 0, available: 10 });
    expect((await act(manager.token, request.id, 'approve')).status).toBe(409);
  });

  test('when an approved request is edited, then 409 (dates are frozen); cancelling it before it starts returns the days', async () => {
    const { manager, employee } = await team(10);
    const request = await submitted(employee.token, { startDate: '2031-03-17', endDate: '2031-03-18' });
    await act(manager.token, request.id, 'approve');
    const edit = await hr.client.call('patch', `/api/v1/leave-requests/${request.id}`, {
      token: employee.token,
      body: { endDate: '2031-03-20' },
    });
    expect(edit.status).toBe(409);
    expect((await hr.client.call('get', `/api/v1/leave-requests/${request.id}`, { token: employee.token })).body).toMatchObject({
      endDate: '2031-03-18',
      days: 2,
    });
    expect((await act(employee.token, request.id, 'cancel')).body).toMatchObject({ status: 'cancelled' });
    expect(await annualBalance(employee.token, employee.id)).toMatchObject({ approved: 0, available: 10 });
  });

  test('when a draft is edited, then its working days are recomputed', async () => {
    const { employee } = await team(10);
    const request = await draft(employee.token, { startDate: '2031-03-03', endDate: '2031-03-03' });
    const edited = await hr.client.call<LeaveRequest>('patch', `/api/v1/leave-requests/${request.id}`, {
      token: employee.token,
      body: { endDate: '2031-03-05', halfDayEnd: true },
    });
    expect(edited.body).toMatchObject({ days: 2.5, status: 'draft' });
  });
});

describe('working days', () => {
  test('when a request spans a weekend and a holiday, then neither counts', async () => {
    const { employee } = await team(10);
    expect(
      (await hr.client.call('post', '/api/v1/holidays', { token: admin, body: { day: '2031-04-14', name: 'Test holiday' } })).status,
    ).toBe(201);
    // Friday 2031-04-11 to Tuesday 2031-04-15: Fri, (Sat, Sun), Mon is a holiday, Tue → 2 days.
    expect(await draft(employee.token, { startDate: '2031-04-11', endDate: '2031-04-15' })).toMatchObject({ days: 2 });
  });

  test('when half days are asked for, then the first afternoon and the last morning count half', async () => {
    const { employee } = await team(10);
    expect(
      await draft(employee.token, { startDate: '2031-03-03', endDate: '2031-03-05', halfDayStart: true, halfDayEnd: true }),
    ).toMatchObject({ days: 2 });
    expect(await draft(employee.token, { startDate: '2031-03-03', endDate: '2031-03-03', halfDayEnd: true })).toMatchObject({ days: 0.5 });
  });

  test('when a period has no working day or spans two years, then 422', async () => {
    const { employee } = await team(10);
    const weekend = await hr.client.call('post', '/api/v1/leave-requests', {
      token: employee.token,
      body: { leaveTypeId: types.annual, startDate: '2031-03-08', endDate: '2031-03-09' },
    });
    expect(weekend.status).toBe(422);
    expect(weekend.body.type).toBe('https://erp.example/problems/no-working-days');
    const twoYears = await hr.client.call('post', '/api/v1/leave-requests', {
      token: employee.token,
      body: { leaveTypeId: types.annual, startDate: '2031-12-30', endDate: '2032-01-02' },
    });
    expect(twoYears.status).toBe(422);
    const backwards = await hr.client.call('post', '/api/v1/leave-requests', {
      token: employee.token,
      body: { leaveTypeId: types.annual, startDate: '2031-03-05', endDate: '2031-03-03' },
    });
    expect(backwards.status).toBe(422);
  });
});

describe('overlap and balance', () => {
  test('when a request overlaps a submitted or approved one, then submitting it is 409 naming the other', async () => {
    const { manager, employee } = await team(20);
    const first = await submitted(employee.token, { startDate: '2031-05-05', endDate: '2031-05-07' });
    const second = await draft(employee.token, { startDate: '2031-05-07', endDate: '2031-05-09' });
    const refused = await act(employee.token, second.id, 'submit');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'https://erp.example/problems/leave-overlap', overlappingId: first.id });
    await act(manager.token, first.id, 'approve');
    expect((await act(employee.token, second.id, 'submit')).status).toBe(409);
  });

  test('when two overlapping drafts are submitted at the same moment, then only one gets through', async () => {
    const { employee } = await team(20);
    const a = await draft(employee.token, { startDate: '2031-05-26', endDate: '2031-05-28' });
    const b = await draft(employee.token, { startDate: '2031-05-28', endDate: '2031-05-30' });
    const results = await Promise.all([act(employee.token, a.id, 'submit'), act(employee.token, b.id, 'submit')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  test('when two submissions together would overdraw the balance, then only one gets through', async () => {
    const { employee } = await team(3);
    const a = await draft(employee.token, { startDate: '2031-06-16', endDate: '2031-06-17' });
    const b = await draft(employee.token, { startDate: '2031-06-23', endDate: '2031-06-24' });
    const results = await Promise.all([act(employee.token, a.id, 'submit'), act(employee.token, b.id, 'submit')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await annualBalance(employee.token, employee.id)).toMatchObject({ pending: 2, available: 1 });
  });

  test('when the overlapping request was rejected or cancelled, then it no longer blocks', async () => {
    const { manager, employee } = await team(20);
    const first = await submitted(employee.token, { startDate: '2031-05-12', endDate: '2031-05-12' });
    await act(manager.token, first.id, 'reject');
    const second = await submitted(employee.token, { startDate: '2031-05-12', endDate: '2031-05-12' });
    await act(employee.token, second.id, 'cancel');
    expect((await submitted(employee.token, { startDate: '2031-05-12', endDate: '2031-05-12' })).status).toBe('submitted');
  });

  test('when a morning and an afternoon of the same day are asked for separately, then they do not overlap; a full day then does', async () => {
    const { employee } = await team(20);
    await submitted(employee.token, { startDate: '2031-05-19', endDate: '2031-05-19', halfDayEnd: true });
    await submitted(employee.token, { startDate: '2031-05-19', endDate: '2031-05-19', halfDayStart: true });
    const full = await draft(employee.token, { startDate: '2031-05-19', endDate: '2031-05-19' });
    expect((await act(employee.token, full.id, 'submit')).status).toBe(409);
    expect(await annualBalance(employee.token, employee.id)).toMatchObject({ pending: 1, available: 19 });
  });

  test('when a request needs more days than are left, then 409 and the balance is unchanged', async () => {
    const { employee } = await team(3);
    await submitted(employee.token, { startDate: '2031-06-02', endDate: '2031-06-03' });
    const tooMuch = await draft(employee.token, { startDate: '2031-06-09', endDate: '2031-06-10' });
    const refused = await act(employee.token, tooMuch.id, 'submit');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'https://erp.example/problems/insufficient-balance', requested: 2, available: 1 });
    expect(await annualBalance(employee.token, employee.id)).toMatchObject({ allocated: 3, pending: 2, available: 1 });
  });

  test('when the leave type allows a negative balance, then a request beyond the allocation is accepted', async () => {
    const { manager, employee } = await team(0);
    const sick = await submitted(employee.token, { leaveTypeId: types.sick, startDate: '2031-06-02', endDate: '2031-06-06' });
    expect((await act(manager.token, sick.id, 'approve')).body).toMatchObject({ status: 'approved' });
  });

  test('when hr lowers an allocation below the days approved or pending, then 409', async () => {
    const { employee } = await team(5);
    await submitted(employee.token, { startDate: '2031-06-02', endDate: '2031-06-05' });
    expect(await allocate(employee.id, 'annual', 3)).toBe(409);
    expect(await allocate(employee.id, 'annual', 4)).toBe(200);
    expect(await annualBalance(employee.token, employee.id)).toMatchObject({ allocated: 4, available: 0 });
  });
});

describe('who decides', () => {
  test('when a manager approves their own request, then 403; their own manager (admin) may', async () => {
    const { manager } = await team();
    const managerAsEmployee = await hire(hr.client, admin, { roles: ['manager'] });
    await allocate(managerAsEmployee.id, 'annual', 5);
    const own = await submitted(managerAsEmployee.token, { startDate: '2031-07-07', endDate: '2031-07-07' });
    const self = await act(managerAsEmployee.token, own.id, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.detail).toMatch(/own/);
    expect((await act(manager.token, own.id, 'approve')).status).toBe(404);
    expect((await act(admin, own.id, 'approve')).body).toMatchObject({ status: 'approved' });
  });

  test('when hr staff approve their own request, then 403 (never the requester)', async () => {
    const hrPerson = await hire(hr.client, admin, { roles: ['hr'] });
    await allocate(hrPerson.id, 'annual', 5);
    const own = await submitted(hrPerson.token, { startDate: '2031-07-08', endDate: '2031-07-08' });
    expect((await act(hrPerson.token, own.id, 'approve')).status).toBe(403);
    expect((await act(hrPerson.token, own.id, 'reject')).status).toBe(403);
  });

  test('when a colleague or another team’s manager tries to read or approve a request, then 404 (its existence is not revealed)', async () => {
    const { employee } = await team();
    const other = await team();
    const request = await submitted(employee.token, { startDate: '2031-07-14', endDate: '2031-07-14' });
    for (const token of [other.employee.token, other.manager.token]) {
      expect((await hr.client.call('get', `/api/v1/leave-requests/${request.id}`, { token })).status).toBe(404);
      expect((await act(token, request.id, 'approve')).status).toBe(404);
      expect((await act(token, request.id, 'cancel')).status).toBe(404);
      expect((await hr.client.call('get', `/api/v1/employees/${employee.id}/balances`, { token })).status).toBe(404);
    }
    const list = await hr.client.call<LeaveRequest[]>('get', '/api/v1/leave-requests', { token: other.manager.token });
    expect(list.body.map((r) => r.id)).not.toContain(request.id);
    expect((await hr.client.call('get', `/api/v1/leave-requests/${request.id}`, { token: employee.token })).status).toBe(200);
  });

  test('when a manager edits or cancels a report’s request, then 403: they decide, they do not edit', async () => {
    const { manager, employee } = await team();
    const request = await draft(employee.token, { startDate: '2031-07-21', endDate: '2031-07-21' });
    expect(
      (await hr.client.call('patch', `/api/v1/leave-requests/${request.id}`, { token: manager.token, body: { reason: 'mine now' } }))
        .status,
    ).toBe(403);
    expect((await act(manager.token, request.id, 'cancel')).status).toBe(403);
  });

  test('when an employee files leave for someone else, then 403; hr may', async () => {
    const { employee } = await team();
    const other = await team();
    const forOther = await hr.client.call('post', '/api/v1/leave-requests', {
      token: employee.token,
      body: { employeeId: other.employee.id, leaveTypeId: types.annual, startDate: '2031-08-04', endDate: '2031-08-04' },
    });
    expect(forOther.status).toBe(403);
    expect((await draft(admin, { employeeId: other.employee.id, startDate: '2031-08-04', endDate: '2031-08-04' })).employeeId).toBe(
      other.employee.id,
    );
  });

  test('when the type needs a second approval, then the first approver cannot give it and a second person can', async () => {
    const { manager, employee } = await team();
    const request = await submitted(employee.token, { leaveTypeId: types.unpaid, startDate: '2031-08-11', endDate: '2031-08-12' });
    const first = await act(manager.token, request.id, 'approve');
    expect(first.body).toMatchObject({ status: 'submitted', firstApproverId: manager.id });
    const again = await act(manager.token, request.id, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://erp.example/problems/second-approval-required');
    expect((await act(admin, request.id, 'approve')).body).toMatchObject({ status: 'approved' });
  });

  test('when the manager and hr approve the same request at the same moment, then exactly one succeeds and the other gets 409', async () => {
    const { manager, employee } = await team(20);
    for (const day of ['2031-09-01', '2031-09-02', '2031-09-03', '2031-09-04', '2031-09-05']) {
      const request = await submitted(employee.token, { startDate: day, endDate: day });
      const results = await Promise.all([
        act(manager.token, request.id, 'approve'),
        act(admin, request.id, 'approve'),
        act(manager.token, request.id, 'reject'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    }
    const balance = await annualBalance(employee.token, employee.id);
    expect(balance.approved + balance.pending).toBeLessThanOrEqual(5);
    expect(balance.pending).toBe(0);
  });
});
