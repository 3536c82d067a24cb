import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import type { HrModule } from '../../hr-module';
import { HR_ONLY, STAFF } from './roles';
import { anyObject, id, idParams, name } from './schemas';

const departmentOut = z.object({ id, name: z.string(), parentId: id.nullable(), managerId: id.nullable() });
const fields = { name, parentId: id.nullable(), managerId: id.nullable() };

/** The department tree. */
export function departmentRoutes(hr: HrModule): ApiRouter {
  const api = new ApiRouter();
  api.route(
    { method: 'get', auth: { roles: STAFF }, path: '/api/v1/departments', summary: 'The department tree (roots with nested children)', tags: ['departments'], responses: { 200: z.array(anyObject) } },
    async () => ({ status: 200, body: await hr.departments.tree() }),
  );
  api.route(
    { method: 'get', auth: { roles: STAFF }, path: '/api/v1/departments/{id}', summary: 'One department', tags: ['departments'], params: idParams, responses: { 200: departmentOut, 404: 'problem' } },
    async ({ params }) => {
      const d = await hr.departments.get(params.id);
      return { status: 200, body: { id: d.id, name: d.name, parentId: d.parentId, managerId: d.managerId } };
    },
  );
  api.route(
    {
      method: 'post', auth: { roles: HR_ONLY }, path: '/api/v1/departments', summary: 'Create a department', tags: ['departments'],
      body: z.object({ name, parentId: id.nullable().default(null), managerId: id.nullable().default(null) }), responses: { 201: departmentOut, 409: 'problem', 422: 'problem' },
    },
    async ({ body }) => {
      const d = await hr.departments.create(body);
      return { status: 201, body: { id: d.id, name: d.name, parentId: d.parentId, managerId: d.managerId }, headers: { Location: `/api/v1/departments/${d.id}` } };
    },
  );
  api.route(
    {
      method: 'patch', auth: { roles: HR_ONLY }, path: '/api/v1/departments/{id}', summary: 'Rename, move or change the manager of a department', tags: ['departments'], params: idParams,
      body: z.object(fields).partial().strict().refine((b) => Object.keys(b).length > 0, { error: 'send at least one field to change' }),
      responses: { 200: departmentOut, 404: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ params, body }) => {
      const d = await hr.departments.update(params.id, body);
      return { status: 200, body: { id: d.id, name: d.name, parentId: d.parentId, managerId: d.managerId } };
    },
  );
  return api;
}
