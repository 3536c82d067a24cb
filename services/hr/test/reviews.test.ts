import { startHr, type HrHarness } from './support/hr-harness';
import { hire, type Person } from './support/people';

let hr: HrHarness;
let admin: string;
let cycleId: string;
beforeAll(async () => {
  hr = await startHr();
  admin = await hr.client.login('admin@erp.example');
  cycleId = (
    await hr.client.call<{ id: string }>('post', '/api/v1/review-cycles', {
      token: admin,
      body: { name: 'H1 2031', startsOn: '2031-01-01', endsOn: '2031-06-30' },
    })
  ).body.id;
});
afterAll(async () => {
  await hr?.stop();
});

type Review = { id: string; status: string; finalScore: number | null; goals: Array<{ id: string; weight: number }> };

async function team(): Promise<{ manager: Person; employee: Person }> {
  const manager = await hire(hr.client, admin, { roles: ['manager'] });
  const employee = await hire(hr.client, admin, { managerId: manager.id });
  return { manager, employee };
}

async function start(manager: Person, employee: Person): Promise<Review> {
  const reply = await hr.client.call<Review>('post', '/api/v1/reviews', {
    token: manager.token,
    body: {
      cycleId,
      employeeId: employee.id,
      goals: [
        { title: 'Ship the warehouse app', weight: 60 },
        { title: 'Mentor a colleague', weight: 40 },
      ],
    },
  });
  if (reply.status !== 201) throw new Error(`review answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const scores = (review: Review, values: number[]) => ({ scores: review.goals.map((goal, i) => ({ goalId: goal.id, score: values[i] })) });

test('when a review goes open → self-assessed → manager-assessed → closed, then the final score is the weighted manager score', async () => {
  const { manager, employee } = await team();
  const review = await start(manager, employee);
  expect(review.status).toBe('open');
  const self = await hr.client.call<Review>('post', `/api/v1/reviews/${review.id}/self-assessment`, {
    token: employee.token,
    body: { ...scores(review, [5, 4]), comment: 'good half' },
  });
  expect(self.body.status).toBe('self-assessed');
  const assessed = await hr.client.call<Review>('post', `/api/v1/reviews/${review.id}/manager-assessment`, {
    token: manager.token,
    body: scores(review, [4, 3]),
  });
  expect(assessed.body).toMatchObject({ status: 'manager-assessed', finalScore: 3.6 });
  expect((await hr.client.call<Review>('post', `/api/v1/reviews/${review.id}/close`, { token: manager.token })).body.status).toBe('closed');
  expect(
    (
      await hr.client.call('put', `/api/v1/reviews/${review.id}/goals`, {
        token: manager.token,
        body: { goals: [{ title: 'Late change', weight: 100 }] },
      })
    ).status,
  ).toBe(409);
});

test('when a second review is started for the same employee and cycle, then 409', async () => {
  const { manager, employee } = await team();
  await start(manager, employee);
  const again = await hr.client.call('post', '/api/v1/reviews', {
    token: admin,
    body: { cycleId, employeeId: employee.id, goals: [{ title: 'x', weight: 100 }] },
  });
  expect(again.status).toBe(409);
});

test('when goal weights do not add up to 100, then 422 and no review is created', async () => {
  const { manager, employee } = await team();
  const bad = await hr.client.call('post', '/api/v1/reviews', {
    token: manager.token,
    body: {
      cycleId,
      employeeId: employee.id,
      goals: [
        { title: 'a', weight: 50 },
        { title: 'b', weight: 30 },
      ],
    },
  });
  expect(bad.status).toBe(422);
  expect((await hr.client.call<Review[]>('get', `/api/v1/reviews?employeeId=${employee.id}`, { token: admin })).body).toEqual([]);
});

test('when the steps come out of order or from the wrong person, then 409 or 403', async () => {
  const { manager, employee } = await team();
  const review = await start(manager, employee);
  expect(
    (
      await hr.client.call('post', `/api/v1/reviews/${review.id}/manager-assessment`, {
        token: manager.token,
        body: scores(review, [3, 3]),
      })
    ).status,
  ).toBe(409);
  expect(
    (await hr.client.call('post', `/api/v1/reviews/${review.id}/self-assessment`, { token: manager.token, body: scores(review, [5, 5]) }))
      .status,
  ).toBe(403);
  await hr.client.call('post', `/api/v1/reviews/${review.id}/self-assessment`, { token: employee.token, body: scores(review, [2, 2]) });
  expect(
    (
      await hr.client.call('post', `/api/v1/reviews/${review.id}/manager-assessment`, {
        token: employee.token,
        body: scores(review, [5, 5]),
      })
    ).status,
  ).toBe(403);
  expect((await hr.client.call('post', `/api/v1/reviews/${review.id}/close`, { token: employee.token })).status).toBe(403);
});

test('when a score is out of range or a goal is left out, then 400 or 422 and the review stays open', async () => {
  const { manager, employee } = await team();
  const review = await start(manager, employee);
  expect(
    (await hr.client.call('post', `/api/v1/reviews/${review.id}/self-assessment`, { token: employee.token, body: scores(review, [6, 2]) }))
      .status,
  ).toBe(400);
  const partial = { scores: [{ goalId: review.goals[0]?.id, score: 3 }] };
  expect(
    (await hr.client.call('post', `/api/v1/reviews/${review.id}/self-assessment`, { token: employee.token, body: partial })).status,
  ).toBe(422);
  expect((await hr.client.call<Review>('get', `/api/v1/reviews/${review.id}`, { token: employee.token })).body.status).toBe('open');
});

test('when someone else’s review is read, then 404; the employee, the reviewer and hr see it', async () => {
  const { manager, employee } = await team();
  const other = await team();
  const review = await start(manager, employee);
  for (const token of [other.employee.token, other.manager.token])
    expect((await hr.client.call('get', `/api/v1/reviews/${review.id}`, { token })).status).toBe(404);
  for (const token of [employee.token, manager.token, admin])
    expect((await hr.client.call('get', `/api/v1/reviews/${review.id}`, { token })).status).toBe(200);
  expect((await hr.client.call<Review[]>('get', '/api/v1/reviews', { token: other.manager.token })).body.map((r) => r.id)).not.toContain(
    review.id,
  );
});

test('when a manager starts a review for someone who is not their report, then 422 (no such reviewee for them)', async () => {
  const { manager } = await team();
  const other = await team();
  const reply = await hr.client.call('post', '/api/v1/reviews', {
    token: manager.token,
    body: { cycleId, employeeId: other.employee.id, goals: [{ title: 'x', weight: 100 }] },
  });
  expect(reply.status).toBe(422);
});
