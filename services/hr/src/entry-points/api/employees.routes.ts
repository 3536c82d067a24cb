import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import type { Employee } from '../../data-access/organisation.entity';
import { getBalances } from '../../domain/balances.use-case';
import { createEmployee, getEmployee, listEmployees, markEmployeeLeft, updateEmployee } from '../../domain/employees.use-case';
import { createAccount, getAccount, updateAccount } from '../../domain/identity.use-case';
import type { HrDeps } from '../../domain/hr-deps';
import { HR_ONLY, STAFF } from './access-policy';
import { anyObject, email, id, idParams, isoDate, name, page, password, staffRoles, year } from './schemas';

const employeeFields = {
  firstName: name,
  lastName: name,
  email,
  departmentId: id.nullable(),
  managerId: id.nullable(),
  jobTitle: name,
  hireDate: isoDate,
};
const createBody = z.object({ ...employeeFields, departmentId: id.nullable().default(null), managerId: id.nullable().default(null) });
const updateBody = z
  .object(employeeFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { error: 'send at least one field to change' });
const employeeOut = z.object({
  id,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  departmentId: id.nullable(),
  managerId: id.nullable(),
  jobTitle: z.string(),
  hireDate: z.string(),
  status: z.enum(['active', 'left']),
  leftOn: z.string().nullable(),
});

/** The public shape of an employee. */
export function presentEmployee(e: Employee): z.infer<typeof employeeOut> {
  return {
    id: e.id,
    firstName: e.firstName,
    lastName: e.lastName,
    email: e.email,
    departmentId: e.departmentId,
    managerId: e.managerId,
    jobTitle: e.jobTitle,
    hireDate: e.hireDate,
    status: e.status,
    leftOn: e.leftOn,
  };
}

/** Employees, their accounts and their balances. */
export function employeeRoutes(deps: HrDeps): ApiRouter {
  const api = new ApiRouter();
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/employees',
      summary: 'Employees the caller may see (hr: all; others: self and direct reports)',
      tags: ['employees'],
      query: z.object({ departmentId: id.optional(), status: z.enum(['active', 'left']).optional(), ...page }),
      responses: { 200: z.array(employeeOut) },
    },
    async ({ principal, query }) => {
      const { limit, offset, ...filter } = query;
      return { status: 200, body: (await listEmployees(deps, principal, filter, { limit, offset })).map(presentEmployee) };
    },
  );
  api.route(
    {
      method: 'post',
      auth: HR_ONLY,
      path: '/api/v1/employees',
      summary: 'Hire someone',
      tags: ['employees'],
      body: createBody,
      responses: { 201: employeeOut, 409: 'problem', 422: 'problem' },
    },
    async ({ body }) => {
      const employee = await createEmployee(deps, body);
      return { status: 201, body: presentEmployee(employee), headers: { Location: `/api/v1/employees/${employee.id}` } };
    },
  );
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/employees/{id}',
      summary: 'One employee (404 unless self, direct report, or hr)',
      tags: ['employees'],
      params: idParams,
      responses: { 200: employeeOut, 404: 'problem' },
    },
    async ({ principal, params }) => ({ status: 200, body: presentEmployee(await getEmployee(deps, principal, params.id)) }),
  );
  api.route(
    {
      method: 'patch',
      auth: HR_ONLY,
      path: '/api/v1/employees/{id}',
      summary: 'Change an employee',
      tags: ['employees'],
      params: idParams,
      body: updateBody,
      responses: { 200: employeeOut, 404: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ params, body }) => ({ status: 200, body: presentEmployee(await updateEmployee(deps, params.id, body)) }),
  );
  api.route(
    {
      method: 'post',
      auth: HR_ONLY,
      path: '/api/v1/employees/{id}/leave',
      summary: 'Record that an employee left: ends their access',
      tags: ['employees'],
      params: idParams,
      body: z.object({ leftOn: isoDate }),
      responses: { 200: employeeOut, 404: 'problem', 409: 'problem' },
    },
    async ({ params, body }) => ({ status: 200, body: presentEmployee(await markEmployeeLeft(deps, params.id, body.leftOn)) }),
  );
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/employees/{id}/balances',
      summary: 'Leave balances per type: allocated − approved − pending',
      tags: ['leave'],
      params: idParams,
      query: z.object({ year: year.optional() }),
      responses: { 200: z.array(anyObject), 404: 'problem' },
    },
    async ({ principal, params, query }) => ({
      status: 200,
      body: await getBalances(deps, principal, params.id, query.year ?? new Date().getUTCFullYear()),
    }),
  );
  api.route(
    {
      method: 'get',
      auth: HR_ONLY,
      path: '/api/v1/employees/{id}/account',
      summary: "An employee's login (roles, locked, disabled)",
      tags: ['accounts'],
      params: idParams,
      responses: { 200: anyObject, 404: 'problem' },
    },
    async ({ params }) => ({ status: 200, body: await getAccount(deps, params.id) }),
  );
  api.route(
    {
      method: 'post',
      auth: HR_ONLY,
      path: '/api/v1/employees/{id}/account',
      summary: 'Give an employee a login (only admins grant admin or hr)',
      tags: ['accounts'],
      params: idParams,
      body: z.object({ password, roles: staffRoles.default(['employee']) }),
      responses: { 201: anyObject, 403: 'problem', 404: 'problem', 409: 'problem' },
    },
    async ({ principal, params, body }) => ({ status: 201, body: await createAccount(deps, principal, params.id, body) }),
  );
  api.route(
    {
      method: 'patch',
      auth: HR_ONLY,
      path: '/api/v1/employees/{id}/account',
      summary: 'Change roles or password, or unlock; ends existing sessions on role/password change',
      tags: ['accounts'],
      params: idParams,
      body: z
        .object({ password: password.optional(), roles: staffRoles.optional(), unlock: z.literal(true).optional() })
        .strict()
        .refine((b) => Object.keys(b).length > 0, { error: 'send at least one field to change' }),
      responses: { 200: anyObject, 403: 'problem', 404: 'problem' },
    },
    async ({ principal, params, body }) => ({ status: 200, body: await updateAccount(deps, principal, params.id, body) }),
  );
  return api;
}
