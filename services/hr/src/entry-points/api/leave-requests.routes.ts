import type { Principal } from '@erp/auth';
import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import type { LeaveRequest } from '../../data-access/leave.entity';
import {
  approveLeaveRequest,
  cancelLeaveRequest,
  createLeaveRequest,
  getLeaveRequest,
  listLeaveRequests,
  rejectLeaveRequest,
  submitLeaveRequest,
  updateLeaveRequest,
} from '../../domain/leave-requests.use-case';
import type { HrDeps } from '../../domain/hr-deps';
import { STAFF } from './access-policy';
import { id, idParams, isoDate, page, text } from './schemas';

const STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'cancelled'] as const;
const period = { leaveTypeId: id, startDate: isoDate, endDate: isoDate, halfDayStart: z.boolean(), halfDayEnd: z.boolean(), reason: text };
const createBody = z.object({
  ...period,
  employeeId: id.optional(),
  halfDayStart: z.boolean().default(false),
  halfDayEnd: z.boolean().default(false),
  reason: text.default(''),
});
const updateBody = z
  .object(period)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { error: 'send at least one field to change' });
const decisionBody = z.object({ note: text.optional() });
const requestOut = z.object({
  id,
  employeeId: id,
  leaveTypeId: id,
  startDate: z.string(),
  endDate: z.string(),
  halfDayStart: z.boolean(),
  halfDayEnd: z.boolean(),
  days: z.number(),
  reason: z.string(),
  status: z.enum(STATUSES),
  firstApproverId: id.nullable(),
  decidedById: id.nullable(),
  decisionNote: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The public shape of a leave request. */
function present(r: LeaveRequest): z.input<typeof requestOut> {
  const { startSlot: _s, endSlot: _e, ...rest } = r;
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  return {
    ...rest,
    submittedAt: iso(r.submittedAt),
    decidedAt: iso(r.decidedAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Leave requests and their workflow. */
export function leaveRequestRoutes(deps: HrDeps): ApiRouter {
  const api = new ApiRouter();
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/leave-requests',
      summary: 'Requests the caller may see (own, direct reports; hr: all)',
      tags: ['leave'],
      query: z.object({ employeeId: id.optional(), status: z.enum(STATUSES).optional(), ...page }),
      responses: { 200: z.array(requestOut) },
    },
    async ({ principal, query }) => {
      const { limit, offset, ...filter } = query;
      return { status: 200, body: (await listLeaveRequests(deps, principal, filter, { limit, offset })).map(present) };
    },
  );
  api.route(
    {
      method: 'post',
      auth: STAFF,
      path: '/api/v1/leave-requests',
      summary: 'Create a draft (for yourself; hr may name employeeId)',
      tags: ['leave'],
      body: createBody,
      responses: { 201: requestOut, 403: 'problem', 422: 'problem' },
    },
    async ({ principal, body }) => {
      const created = await createLeaveRequest(deps, principal, body);
      return { status: 201, body: present(created), headers: { Location: `/api/v1/leave-requests/${created.id}` } };
    },
  );
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/leave-requests/{id}',
      summary: 'One request (404 unless yours, a direct report’s, or you are hr)',
      tags: ['leave'],
      params: idParams,
      responses: { 200: requestOut, 404: 'problem' },
    },
    async ({ principal, params }) => ({ status: 200, body: present(await getLeaveRequest(deps, principal, params.id)) }),
  );
  api.route(
    {
      method: 'patch',
      auth: STAFF,
      path: '/api/v1/leave-requests/{id}',
      summary: 'Edit a draft',
      tags: ['leave'],
      params: idParams,
      body: updateBody,
      responses: { 200: requestOut, 404: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ principal, params, body }) => ({ status: 200, body: present(await updateLeaveRequest(deps, principal, params.id, body)) }),
  );
  const action = (
    path: string,
    summary: string,
    run: (principal: Principal, requestId: string, note: string | undefined) => Promise<LeaveRequest>,
    withNote: boolean,
  ) => {
    const spec = {
      method: 'post' as const,
      auth: STAFF,
      path: `/api/v1/leave-requests/{id}/${path}`,
      summary,
      tags: ['leave'],
      params: idParams,
      responses: { 200: requestOut, 403: 'problem', 404: 'problem', 409: 'problem' } as const,
    };
    if (withNote)
      api.route({ ...spec, body: decisionBody }, async ({ principal, params, body }) => ({
        status: 200,
        body: present(await run(principal, params.id, body.note)),
      }));
    else api.route(spec, async ({ principal, params }) => ({ status: 200, body: present(await run(principal, params.id, undefined)) }));
  };
  action('submit', 'Submit a draft (checks overlap and balance)', (p, requestId) => submitLeaveRequest(deps, p, requestId), false);
  action(
    'approve',
    'Approve (manager or hr, never the requester); the first of two when the type needs a second approval',
    (p, requestId, note) => approveLeaveRequest(deps, p, requestId, note),
    true,
  );
  action(
    'reject',
    'Reject (manager or hr, never the requester)',
    (p, requestId, note) => rejectLeaveRequest(deps, p, requestId, note),
    true,
  );
  action(
    'cancel',
    'Withdraw (requester or hr); approved requests only before they start',
    (p, requestId) => cancelLeaveRequest(deps, p, requestId),
    false,
  );
  return api;
}
