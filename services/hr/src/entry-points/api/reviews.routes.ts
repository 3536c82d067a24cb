import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import type { HrModule } from '../../hr-module';
import { HR_ONLY, HR_OR_MANAGER, STAFF } from './roles';
import { anyObject, id, idParams, isoDate, name, text } from './schemas';

const goals = z.array(z.object({ title: name, weight: z.number().gt(0).max(100) }).strict()).min(1).max(20);
const assessment = z.object({ scores: z.array(z.object({ goalId: id, score: z.number().int().min(0).max(5) }).strict()).min(1).max(20), comment: text.optional() });
const reviewOut = anyObject;

/** Review cycles and reviews. */
export function reviewRoutes(hr: HrModule): ApiRouter {
  const api = new ApiRouter();
  const uc = hr.reviews;
  api.route(
    { method: 'get', path: '/api/v1/review-cycles', summary: 'Review cycles', tags: ['reviews'], responses: { 200: z.array(anyObject) } },
    async ({ req }) => {
      await hr.authorize(req, STAFF);
      return { status: 200, body: await uc.cycles() };
    },
  );
  api.route(
    { method: 'post', path: '/api/v1/review-cycles', summary: 'Open a review cycle', tags: ['reviews'], body: z.object({ name, startsOn: isoDate, endsOn: isoDate }), responses: { 201: anyObject, 409: 'problem', 422: 'problem' } },
    async ({ req, body }) => {
      await hr.authorize(req, HR_ONLY);
      return { status: 201, body: await uc.createCycle(body) };
    },
  );
  api.route(
    { method: 'get', path: '/api/v1/reviews', summary: 'Reviews the caller may see (own, as reviewer; hr: all)', tags: ['reviews'], query: z.object({ cycleId: id.optional(), employeeId: id.optional() }), responses: { 200: z.array(reviewOut) } },
    async ({ req, query }) => ({ status: 200, body: await uc.list(await hr.authorize(req, STAFF), query) }),
  );
  api.route(
    {
      method: 'post', path: '/api/v1/reviews', summary: "Start an employee's review with weighted goals (weights add up to 100)", tags: ['reviews'],
      body: z.object({ cycleId: id, employeeId: id, goals }), responses: { 201: reviewOut, 403: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ req, body }) => ({ status: 201, body: await uc.create(await hr.authorize(req, HR_OR_MANAGER), body) }),
  );
  api.route(
    { method: 'get', path: '/api/v1/reviews/{id}', summary: 'One review (404 unless yours, yours to review, or you are hr)', tags: ['reviews'], params: idParams, responses: { 200: reviewOut, 404: 'problem' } },
    async ({ req, params }) => ({ status: 200, body: await uc.get(await hr.authorize(req, STAFF), params.id) }),
  );
  api.route(
    { method: 'put', path: '/api/v1/reviews/{id}/goals', summary: 'Replace the goals while the review is open', tags: ['reviews'], params: idParams, body: z.object({ goals }), responses: { 200: reviewOut, 403: 'problem', 409: 'problem' } },
    async ({ req, params, body }) => ({ status: 200, body: await uc.setGoals(await hr.authorize(req, STAFF), params.id, body.goals) }),
  );
  api.route(
    { method: 'post', path: '/api/v1/reviews/{id}/self-assessment', summary: 'The employee scores each goal 0–5', tags: ['reviews'], params: idParams, body: assessment, responses: { 200: reviewOut, 403: 'problem', 409: 'problem', 422: 'problem' } },
    async ({ req, params, body }) => ({ status: 200, body: await uc.selfAssess(await hr.authorize(req, STAFF), params.id, body) }),
  );
  api.route(
    { method: 'post', path: '/api/v1/reviews/{id}/manager-assessment', summary: 'The reviewer scores each goal 0–5; sets the final weighted score', tags: ['reviews'], params: idParams, body: assessment, responses: { 200: reviewOut, 403: 'problem', 409: 'problem', 422: 'problem' } },
    async ({ req, params, body }) => ({ status: 200, body: await uc.managerAssess(await hr.authorize(req, STAFF), params.id, body) }),
  );
  api.route(
    { method: 'post', path: '/api/v1/reviews/{id}/close', summary: 'Close an assessed review', tags: ['reviews'], params: idParams, responses: { 200: reviewOut, 403: 'problem', 409: 'problem' } },
    async ({ req, params }) => ({ status: 200, body: await uc.close(await hr.authorize(req, STAFF), params.id) }),
  );
  return api;
}
