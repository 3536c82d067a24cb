import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import {
  addHoliday,
  createLeaveType,
  listAllocations,
  listHolidays,
  listLeaveTypes,
  removeHoliday,
  setAllocation,
  updateLeaveType,
} from '../../domain/leave-setup.use-case';
import type { HrDeps } from '../../domain/hr-deps';
import { HR_ONLY, STAFF } from './access-policy';
import { anyObject, id, idParams, isoDate, name, year } from './schemas';

const leaveTypeOut = z.object({
  id,
  code: z.string(),
  name: z.string(),
  allowNegative: z.boolean(),
  requiresSecondApproval: z.boolean(),
  active: z.boolean(),
});
const typeRules = { name, allowNegative: z.boolean(), requiresSecondApproval: z.boolean(), active: z.boolean() };
const days = z.number().min(0).max(366).multipleOf(0.5);

/** Leave types, yearly allocations and the holiday calendar. */
export function leaveSetupRoutes(deps: HrDeps): ApiRouter {
  const api = new ApiRouter();
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/leave-types',
      summary: 'Leave types',
      tags: ['leave'],
      responses: { 200: z.array(leaveTypeOut) },
    },
    async () => ({ status: 200, body: (await listLeaveTypes(deps)).map(({ createdAt: _c, updatedAt: _u, ...type }) => type) }),
  );
  api.route(
    {
      method: 'post',
      auth: HR_ONLY,
      path: '/api/v1/leave-types',
      summary: 'Add a leave type',
      tags: ['leave'],
      body: z.object({
        code: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'lower-case letters, digits and dashes' }),
        name,
        allowNegative: z.boolean().default(false),
        requiresSecondApproval: z.boolean().default(false),
        active: z.boolean().default(true),
      }),
      responses: { 201: leaveTypeOut, 409: 'problem' },
    },
    async ({ body }) => {
      const { createdAt: _c, updatedAt: _u, ...type } = await createLeaveType(deps, body);
      return { status: 201, body: type };
    },
  );
  api.route(
    {
      method: 'patch',
      auth: HR_ONLY,
      path: '/api/v1/leave-types/{id}',
      summary: "Change a leave type's name or rules",
      tags: ['leave'],
      params: idParams,
      body: z
        .object(typeRules)
        .partial()
        .strict()
        .refine((b) => Object.keys(b).length > 0, { error: 'send at least one field to change' }),
      responses: { 200: leaveTypeOut, 404: 'problem' },
    },
    async ({ params, body }) => {
      const { createdAt: _c, updatedAt: _u, ...type } = await updateLeaveType(deps, params.id, body);
      return { status: 200, body: type };
    },
  );
  api.route(
    {
      method: 'put',
      auth: HR_ONLY,
      path: '/api/v1/employees/{employeeId}/allocations/{leaveTypeId}/{year}',
      summary: 'Set the days of a leave type an employee gets in a year',
      tags: ['leave'],
      params: z.object({ employeeId: id, leaveTypeId: id, year }),
      body: z.object({ days }),
      responses: { 200: anyObject, 409: 'problem', 422: 'problem' },
    },
    async ({ params, body }) => {
      const a = await setAllocation(deps, { ...params, days: body.days });
      return { status: 200, body: { employeeId: a.employeeId, leaveTypeId: a.leaveTypeId, year: a.year, days: a.days } };
    },
  );
  api.route(
    {
      method: 'get',
      auth: HR_ONLY,
      path: '/api/v1/employees/{id}/allocations',
      summary: "An employee's allocations in a year",
      tags: ['leave'],
      params: idParams,
      query: z.object({ year: year.optional() }),
      responses: { 200: z.array(anyObject), 404: 'problem' },
    },
    async ({ params, query }) => {
      const rows = await listAllocations(deps, params.id, query.year ?? new Date().getUTCFullYear());
      return { status: 200, body: rows.map((a) => ({ employeeId: a.employeeId, leaveTypeId: a.leaveTypeId, year: a.year, days: a.days })) };
    },
  );
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/holidays',
      summary: 'The holiday calendar of a year',
      tags: ['leave'],
      query: z.object({ year: year.optional() }),
      responses: { 200: z.array(z.object({ day: z.string(), name: z.string() })) },
    },
    async ({ query }) => ({ status: 200, body: await listHolidays(deps, query.year ?? new Date().getUTCFullYear()) }),
  );
  api.route(
    {
      method: 'post',
      auth: HR_ONLY,
      path: '/api/v1/holidays',
      summary: 'Add a holiday (not a working day)',
      tags: ['leave'],
      body: z.object({ day: isoDate, name }),
      responses: { 201: z.object({ day: z.string(), name: z.string() }), 409: 'problem' },
    },
    async ({ body }) => ({ status: 201, body: await addHoliday(deps, body) }),
  );
  api.route(
    {
      method: 'delete',
      auth: HR_ONLY,
      path: '/api/v1/holidays/{day}',
      summary: 'Remove a holiday',
      tags: ['leave'],
      params: z.object({ day: isoDate }),
      responses: { 204: null, 404: 'problem' },
    },
    async ({ params }) => {
      await removeHoliday(deps, params.day);
      return { status: 204 };
    },
  );
  return api;
}
