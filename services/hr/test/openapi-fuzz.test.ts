import { createDatabaseDigest, fuzzOpenApi, fuzzTimeoutMs, type DatabaseDigest } from '@erp/testing';
import { startHr, type HrHarness } from './support/hr-harness';
import { hire } from './support/people';

/** Every route of hr's own OpenAPI document, fed generated hostile requests with an admin token (see @erp/testing). */
describe('hr under generated hostile input', () => {
  let hr: HrHarness;
  let admin: string;
  let digest: DatabaseDigest;
  let values: Record<string, string[]>;

  beforeAll(async () => {
    hr = await startHr();
    admin = await hr.client.login('admin@erp.example');
    const manager = await hire(hr.client, admin, { roles: ['manager'] });
    const employee = await hire(hr.client, admin, { managerId: manager.id });
    const [annual] = (await hr.client.call<Array<{ id: string }>>('get', '/api/v1/leave-types', { token: admin })).body;
    const department = await hr.client.call<{ id: string }>('post', '/api/v1/departments', { token: admin, body: { name: 'Fuzzed' } });
    const cycle = await hr.client.call<{ id: string }>('post', '/api/v1/review-cycles', {
      token: admin,
      body: { name: 'Fuzz', startsOn: '2031-01-01', endsOn: '2031-06-30' },
    });
    const review = await hr.client.call<{ id: string }>('post', '/api/v1/reviews', {
      token: manager.token,
      body: { cycleId: cycle.body.id, employeeId: employee.id, goals: [{ title: 'Goal', weight: 100 }] },
    });
    const request = await hr.client.call<{ id: string }>('post', '/api/v1/leave-requests', {
      token: admin,
      body: { employeeId: employee.id, leaveTypeId: annual!.id, startDate: '2031-03-03', endDate: '2031-03-04' },
    });
    values = {
      id: [employee.id, department.body.id, annual!.id, review.body.id, request.body.id],
      employeeId: [employee.id],
      leaveTypeId: [annual!.id],
      cycleId: [cycle.body.id],
      year: ['2031'],
    };
    digest = await createDatabaseDigest(hr.db.url);
  }, 120_000);

  afterAll(async () => {
    await digest?.close();
    await hr?.stop();
  });

  it(
    'when every route gets hostile values, wrong types, broken encodings, oversized and nested bodies, then no 5xx, every 4xx is problem+json and refused writes change nothing',
    async () => {
      const report = await fuzzOpenApi({ baseUrl: hr.url, token: admin, values, digest: () => digest.read() });
      expect(report.routes).toBeGreaterThan(30);
      expect({ seed: report.seed, failures: report.failures }).toEqual({ seed: report.seed, failures: [] });
    },
    fuzzTimeoutMs(),
  );
});
