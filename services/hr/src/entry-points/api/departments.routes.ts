import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import { createDepartment, getDepartment, getDepartmentTree, updateDepartment } from '../../domain/departments.use-case';
import type { HrDeps } from '../../domain/hr-deps';
import { HR_ONLY, STAFF } from './access-policy';
import { anyObject, id, idParams, name } from './schemas';

const departmentOut = z.object({ id, name: z.string(), parentId: id.nullable(), managerId: id.nullable() });
const fields = { name, parentId: id.nullable(), managerId: id.nullable() };

/** The department tree. */
export function departmentRoutes(deps: HrDeps): ApiRouter {
  const api = new ApiRouter();
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/departments',
      summary: 'The department tree (roots with nested children)',
      tags: ['departments'],
      responses: { 200: z.array(anyObject) },
    },
    async () => ({ status: 200, body: await getDepartmentTree(deps) }),
  );
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/departments/{id}',
      summary: 'One department',
      tags: ['departments'],
      params: idParams,
      responses: { 200: departmentOut, 404: 'problem' },
    },
    async ({ params }) => {
      const d = await getDepartment(deps, params.id);
      return { status: 200, body: { id: d.id, name: d.name, parentId: d.parentId, managerId: d.managerId } };
    },
  );
  api.route(
    {
      method: 'post',
      auth: HR_ONLY,
      path: '/api/v1/departments',
      summary: 'Create a department',
      tags: ['departments'],
      body: z.object({ name, parentId: id.nullable().default(null), managerId: id.nullable().default(null) }),
      responses: { 201: departmentOut, 409: 'problem', 422: 'problem' },
    },
    async ({ body }) => {
      const d = await createDepartment(deps, body);
      return {
        status: 201,
        body: { id: d.id, name: d.name, parentId: d.parentId, managerId: d.managerId },
        headers: { Location: `/api/v1/departments/${d.id}` },
      };
    },
  );
  api.route(
    {
      method: 'patch',
      auth: HR_ONLY,
      path: '/api/v1/departments/{id}',
      summary: 'Rename, move or change the manager of a department',
      tags: ['departments'],
      params: idParams,
      body: z
        .object(fields)
        .partial()
        .strict()
        .refine((b) => Object.keys(b).length > 0, { error: 'send at least one field to change' }),
      responses: { 200: departmentOut, 404: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ params, body }) => {
      const d = await updateDepartment(deps, params.id, body);
      return { status: 200, body: { id: d.id, name: d.name, parentId: d.parentId, managerId: d.managerId } };
    },
  );
  return api;
}
