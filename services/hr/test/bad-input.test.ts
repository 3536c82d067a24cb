import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { startHr, type HrHarness } from './support/hr-harness';
import { hire } from './support/people';

/**
 * Every write route, fed bad input: malformed JSON, wrong content type, oversized body, unknown and
 * missing fields, wrong types, huge strings, malformed and unknown ids. Each must answer 4xx
 * problem+json — never 5xx — and the database must not change.
 */
let hr: HrHarness;
let admin: string;
let ids: Record<string, string>;

interface WriteRoute {
  method: string;
  path: () => string;
  /** A body that would pass validation (the route is not actually called with it here). */
  body?: () => Record<string, unknown>;
  /** Fields the route requires (each is left out in turn). */
  required?: string[];
  /** The path with an unknown (but well-formed) id, answered 404. */
  unknownPath?: () => string;
}

const ROUTES: WriteRoute[] = [
  { method: 'post', path: () => '/api/v1/departments', body: () => ({ name: 'Research' }), required: ['name'] },
  {
    method: 'patch',
    path: () => `/api/v1/departments/${ids.department}`,
    body: () => ({ name: 'Renamed' }),
    unknownPath: () => `/api/v1/departments/${randomUUID()}`,
  },
  {
    method: 'post',
    path: () => '/api/v1/employees',
    required: ['firstName', 'lastName', 'email', 'jobTitle', 'hireDate'],
    body: () => ({
      firstName: 'New',
      lastName: 'Hire',
      email: 'new.hire@erp.example',
      jobTitle: 'Clerk',
      hireDate: '2031-01-01',
      departmentId: null,
      managerId: null,
    }),
  },
  {
    method: 'patch',
    path: () => `/api/v1/employees/${ids.employee}`,
    body: () => ({ jobTitle: 'Senior Clerk' }),
    unknownPath: () => `/api/v1/employees/${randomUUID()}`,
  },
  {
    method: 'post',
    path: () => `/api/v1/employees/${ids.employee}/leave`,
    body: () => ({ leftOn: '2031-12-31' }),
    required: ['leftOn'],
    unknownPath: () => `/api/v1/employees/${randomUUID()}/leave`,
  },
  {
    method: 'post',
    path: () => `/api/v1/employees/${ids.noAccount}/account`,
    body: () => ({ password: 'a long enough password', roles: ['employee'] }),
    required: ['password'],
    unknownPath: () => `/api/v1/employees/${randomUUID()}/account`,
  },
  {
    method: 'patch',
    path: () => `/api/v1/employees/${ids.employee}/account`,
    body: () => ({ roles: ['manager'] }),
    unknownPath: () => `/api/v1/employees/${randomUUID()}/account`,
  },
  {
    method: 'put',
    path: () => `/api/v1/employees/${ids.employee}/allocations/${ids.annual}/2031`,
    body: () => ({ days: 12.5 }),
    required: ['days'],
  },
  {
    method: 'post',
    path: () => '/api/v1/leave-types',
    body: () => ({ code: 'study', name: 'Study leave', allowNegative: false, requiresSecondApproval: false, active: true }),
    required: ['code', 'name'],
  },
  {
    method: 'patch',
    path: () => `/api/v1/leave-types/${ids.annual}`,
    body: () => ({ name: 'Holiday', allowNegative: true }),
    unknownPath: () => `/api/v1/leave-types/${randomUUID()}`,
  },
  { method: 'post', path: () => '/api/v1/holidays', body: () => ({ day: '2031-12-25', name: 'Christmas' }), required: ['day', 'name'] },
  { method: 'delete', path: () => '/api/v1/holidays/2031-05-01', unknownPath: () => '/api/v1/holidays/2031-05-02' },
  {
    method: 'post',
    path: () => '/api/v1/leave-requests',
    required: ['leaveTypeId', 'startDate', 'endDate'],
    body: () => ({
      leaveTypeId: ids.annual,
      startDate: '2031-03-03',
      endDate: '2031-03-04',
      halfDayStart: false,
      halfDayEnd: true,
      reason: 'rest',
    }),
  },
  {
    method: 'patch',
    path: () => `/api/v1/leave-requests/${ids.request}`,
    body: () => ({ endDate: '2031-03-05', reason: 'more rest' }),
    unknownPath: () => `/api/v1/leave-requests/${randomUUID()}`,
  },
  {
    method: 'post',
    path: () => `/api/v1/leave-requests/${ids.request}/submit`,
    unknownPath: () => `/api/v1/leave-requests/${randomUUID()}/submit`,
  },
  {
    method: 'post',
    path: () => `/api/v1/leave-requests/${ids.request}/approve`,
    body: () => ({ note: 'ok' }),
    unknownPath: () => `/api/v1/leave-requests/${randomUUID()}/approve`,
  },
  {
    method: 'post',
    path: () => `/api/v1/leave-requests/${ids.request}/reject`,
    body: () => ({ note: 'no' }),
    unknownPath: () => `/api/v1/leave-requests/${randomUUID()}/reject`,
  },
  {
    method: 'post',
    path: () => `/api/v1/leave-requests/${ids.request}/cancel`,
    unknownPath: () => `/api/v1/leave-requests/${randomUUID()}/cancel`,
  },
  {
    method: 'post',
    path: () => '/api/v1/review-cycles',
    body: () => ({ name: 'H2', startsOn: '2031-07-01', endsOn: '2031-12-31' }),
    required: ['name', 'startsOn', 'endsOn'],
  },
  {
    method: 'post',
    path: () => '/api/v1/reviews',
    body: () => ({ cycleId: ids.cycle, employeeId: ids.employee, goals: [{ title: 'Goal', weight: 100 }] }),
    required: ['cycleId', 'employeeId', 'goals'],
  },
  {
    method: 'put',
    path: () => `/api/v1/reviews/${ids.review}/goals`,
    body: () => ({ goals: [{ title: 'Goal', weight: 100 }] }),
    required: ['goals'],
    unknownPath: () => `/api/v1/reviews/${randomUUID()}/goals`,
  },
  {
    method: 'post',
    path: () => `/api/v1/reviews/${ids.review}/self-assessment`,
    body: () => ({ scores: [{ goalId: randomUUID(), score: 3 }], comment: 'fine' }),
    required: ['scores'],
  },
  {
    method: 'post',
    path: () => `/api/v1/reviews/${ids.review}/manager-assessment`,
    body: () => ({ scores: [{ goalId: randomUUID(), score: 3 }] }),
    required: ['scores'],
  },
  { method: 'post', path: () => `/api/v1/reviews/${ids.review}/close`, unknownPath: () => `/api/v1/reviews/${randomUUID()}/close` },
  {
    method: 'post',
    path: () => '/api/v1/auth/login',
    body: () => ({ email: 'admin@erp.example', password: 'whatever password' }),
    required: ['email', 'password'],
  },
  { method: 'post', path: () => '/api/v1/auth/refresh', body: () => ({ refreshToken: 'abc' }), required: ['refreshToken'] },
  { method: 'post', path: () => '/api/v1/auth/logout', body: () => ({ refreshToken: 'abc' }), required: ['refreshToken'] },
  {
    method: 'post',
    path: () => '/api/v1/auth/service-token',
    body: () => ({ clientId: 'orders', clientSecret: 'x' }),
    required: ['clientId', 'clientSecret'],
  },
];

/** A value of another JSON type than `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return '12';
  if (typeof value === 'boolean') return 'true';
  if (Array.isArray(value)) return 'not a list';
  if (value === null) return 7;
  return [];
}

/** A digest of every table's contents. */
async function snapshot(): Promise<Record<string, string>> {
  const pg = new PgClient({ connectionString: hr.db.url });
  await pg.connect();
  try {
    const tables = (
      await pg.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
    ).rows.map((r) => r.tablename);
    const digests: Record<string, string> = {};
    for (const table of tables) {
      const { rows } = await pg.query<{ digest: string | null }>(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
      );
      digests[table] = rows[0]?.digest ?? '';
    }
    return digests;
  } finally {
    await pg.end();
  }
}

beforeAll(async () => {
  hr = await startHr();
  admin = await hr.client.login('admin@erp.example');
  const types = await hr.client.call<Array<{ id: string; code: string }>>('get', '/api/v1/leave-types', { token: admin });
  const manager = await hire(hr.client, admin, { roles: ['manager'] });
  const employee = await hire(hr.client, admin, { managerId: manager.id });
  const noAccount = await hr.client.call<{ id: string }>('post', '/api/v1/employees', {
    token: admin,
    body: { firstName: 'No', lastName: 'Account', email: 'no.account@erp.example', jobTitle: 'Clerk', hireDate: '2030-01-01' },
  });
  const department = await hr.client.call<{ id: string }>('post', '/api/v1/departments', {
    token: admin,
    body: { name: 'Bad Input Dept' },
  });
  const annual = types.body.find((t) => t.code === 'annual')?.id ?? '';
  await hr.client.call('put', `/api/v1/employees/${employee.id}/allocations/${annual}/2031`, { token: admin, body: { days: 20 } });
  await hr.client.call('post', '/api/v1/holidays', { token: admin, body: { day: '2031-05-01', name: 'Labour Day' } });
  const request = await hr.client.call<{ id: string }>('post', '/api/v1/leave-requests', {
    token: employee.token,
    body: { leaveTypeId: annual, startDate: '2031-03-03', endDate: '2031-03-03' },
  });
  const cycle = await hr.client.call<{ id: string }>('post', '/api/v1/review-cycles', {
    token: admin,
    body: { name: 'H1', startsOn: '2031-01-01', endsOn: '2031-06-30' },
  });
  const review = await hr.client.call<{ id: string }>('post', '/api/v1/reviews', {
    token: manager.token,
    body: { cycleId: cycle.body.id, employeeId: employee.id, goals: [{ title: 'Goal', weight: 100 }] },
  });
  ids = {
    employee: employee.id,
    noAccount: noAccount.body.id,
    department: department.body.id,
    annual,
    request: request.body.id,
    cycle: cycle.body.id,
    review: review.body.id,
  };
  for (const [key, value] of Object.entries(ids)) if (!value) throw new Error(`fixture ${key} missing`);
});
afterAll(async () => {
  await hr?.stop();
});

type Case = {
  name: string;
  path: string;
  method: string;
  raw?: string;
  body?: unknown;
  headers?: Record<string, string>;
  expected: number;
};

function casesFor(route: WriteRoute): Case[] {
  const base = { method: route.method, path: route.path() };
  const cases: Case[] = [];
  if (route.body) {
    const body = route.body();
    cases.push({ ...base, name: 'invalid JSON', raw: '{"name": "unterminated', expected: 400 });
    cases.push({ ...base, name: 'JSON that is not an object', body: ['a', 'list'], expected: 400 });
    cases.push({
      ...base,
      name: 'wrong content type',
      raw: JSON.stringify(body),
      headers: { 'content-type': 'text/plain' },
      expected: 415,
    });
    cases.push({ ...base, name: 'oversized body', raw: JSON.stringify({ ...body, padding: 'x'.repeat(200_000) }), expected: 413 });
    cases.push({ ...base, name: 'unknown field', body: { ...body, isAdmin: true }, expected: 400 });
    for (const field of Object.keys(body)) {
      cases.push({ ...base, name: `wrong type of ${field}`, body: { ...body, [field]: wrongType(body[field]) }, expected: 400 });
      if (typeof body[field] === 'string')
        cases.push({ ...base, name: `huge ${field}`, body: { ...body, [field]: 'y'.repeat(20_000) }, expected: 400 });
    }
    for (const field of route.required ?? []) {
      const { [field]: _left, ...rest } = body;
      cases.push({ ...base, name: `missing ${field}`, body: rest, expected: 400 });
    }
  }
  if (/\{|[0-9a-f]{8}-/.test(base.path)) {
    cases.push({
      ...base,
      name: 'malformed id',
      path: base.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, 'not-a-uuid'),
      body: route.body?.(),
      expected: 400,
    });
  }
  if (route.unknownPath) cases.push({ ...base, name: 'unknown id', path: route.unknownPath(), body: route.body?.(), expected: 404 });
  return cases;
}

test('when every write route gets bad input, then each answers the expected 4xx problem and nothing is written', async () => {
  const before = await snapshot();
  const failures: string[] = [];
  let count = 0;
  for (const route of ROUTES) {
    for (const c of casesFor(route)) {
      count += 1;
      const reply = await hr.client.call(c.method, c.path, { token: admin, body: c.body, raw: c.raw, headers: c.headers });
      const problem = reply.headers.get('content-type')?.includes('application/problem+json');
      if (reply.status !== c.expected || !problem)
        failures.push(`${c.method.toUpperCase()} ${c.path} [${c.name}] → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(count).toBeGreaterThan(150);
  expect(await snapshot()).toEqual(before);
});

test('when validation fails, then the problem names each bad field', async () => {
  const reply = await hr.client.call<{ errors: Array<{ field: string }> }>('post', '/api/v1/employees', {
    token: admin,
    body: { firstName: 5, email: 'not-an-email', hireDate: '2031-02-30' },
  });
  expect(reply.status).toBe(400);
  expect(reply.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['firstName', 'email', 'hireDate', 'lastName', 'jobTitle']));
});

test('when a body refers to ids that do not exist, then 422 naming the field and nothing is written', async () => {
  const before = await snapshot();
  const cases: Array<[string, string, Record<string, unknown>]> = [
    [
      'post',
      '/api/v1/employees',
      { firstName: 'A', lastName: 'B', email: 'ghost.ref@erp.example', jobTitle: 'C', hireDate: '2031-01-01', managerId: randomUUID() },
    ],
    [
      'post',
      '/api/v1/employees',
      { firstName: 'A', lastName: 'B', email: 'ghost.ref@erp.example', jobTitle: 'C', hireDate: '2031-01-01', departmentId: randomUUID() },
    ],
    ['post', '/api/v1/departments', { name: 'Ghost parent', parentId: randomUUID() }],
    ['put', `/api/v1/employees/${randomUUID()}/allocations/${ids.annual}/2031`, { days: 1 }],
    ['put', `/api/v1/employees/${ids.employee}/allocations/${randomUUID()}/2031`, { days: 1 }],
    [
      'post',
      '/api/v1/leave-requests',
      { employeeId: randomUUID(), leaveTypeId: ids.annual, startDate: '2031-03-03', endDate: '2031-03-03' },
    ],
    ['post', '/api/v1/leave-requests', { leaveTypeId: randomUUID(), startDate: '2031-03-03', endDate: '2031-03-03' }],
    ['post', '/api/v1/reviews', { cycleId: randomUUID(), employeeId: ids.employee, goals: [{ title: 'x', weight: 100 }] }],
  ];
  for (const [method, path, body] of cases) {
    const reply = await hr.client.call(method, path, { token: admin, body });
    expect({ path, body, status: reply.status }).toEqual({ path, body, status: 422 });
  }
  expect(await snapshot()).toEqual(before);
});
