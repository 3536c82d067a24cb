import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import {
  closeReview,
  createReview,
  createReviewCycle,
  getReview,
  listReviewCycles,
  listReviews,
  managerAssessReview,
  selfAssessReview,
  setReviewGoals,
} from '../../domain/reviews.use-case';
import type { HrDeps } from '../../domain/hr-deps';
import { HR_ONLY, HR_OR_MANAGER, STAFF } from './access-policy';
import { anyObject, id, idParams, isoDate, name, text } from './schemas';

const goals = z
  .array(z.object({ title: name, weight: z.number().gt(0).max(100) }).strict())
  .min(1)
  .max(20);
const assessment = z.object({
  scores: z
    .array(z.object({ goalId: id, score: z.number().int().min(0).max(5) }).strict())
    .min(1)
    .max(20),
  comment: text.optional(),
});
const reviewOut = anyObject;

/** Review cycles and reviews. */
export function reviewRoutes(deps: HrDeps): ApiRouter {
  const api = new ApiRouter();
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/review-cycles',
      summary: 'Review cycles',
      tags: ['reviews'],
      responses: { 200: z.array(anyObject) },
    },
    async () => ({ status: 200, body: await listReviewCycles(deps) }),
  );
  api.route(
    {
      method: 'post',
      auth: HR_ONLY,
      path: '/api/v1/review-cycles',
      summary: 'Open a review cycle',
      tags: ['reviews'],
      body: z.object({ name, startsOn: isoDate, endsOn: isoDate }),
      responses: { 201: anyObject, 409: 'problem', 422: 'problem' },
    },
    async ({ body }) => ({ status: 201, body: await createReviewCycle(deps, body) }),
  );
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/reviews',
      summary: 'Reviews the caller may see (own, as reviewer; hr: all)',
      tags: ['reviews'],
      query: z.object({ cycleId: id.optional(), employeeId: id.optional() }),
      responses: { 200: z.array(reviewOut) },
    },
    async ({ principal, query }) => ({ status: 200, body: await listReviews(deps, principal, query) }),
  );
  api.route(
    {
      method: 'post',
      auth: HR_OR_MANAGER,
      path: '/api/v1/reviews',
      summary: "Start an employee's review with weighted goals (weights add up to 100)",
      tags: ['reviews'],
      body: z.object({ cycleId: id, employeeId: id, goals }),
      responses: { 201: reviewOut, 403: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ principal, body }) => ({ status: 201, body: await createReview(deps, principal, body) }),
  );
  api.route(
    {
      method: 'get',
      auth: STAFF,
      path: '/api/v1/reviews/{id}',
      summary: 'One review (404 unless yours, yours to review, or you are hr)',
      tags: ['reviews'],
      params: idParams,
      responses: { 200: reviewOut, 404: 'problem' },
    },
    async ({ principal, params }) => ({ status: 200, body: await getReview(deps, principal, params.id) }),
  );
  api.route(
    {
      method: 'put',
      auth: STAFF,
      path: '/api/v1/reviews/{id}/goals',
      summary: 'Replace the goals while the review is open',
      tags: ['reviews'],
      params: idParams,
      body: z.object({ goals }),
      responses: { 200: reviewOut, 403: 'problem', 409: 'problem' },
    },
    async ({ principal, params, body }) => ({ status: 200, body: await setReviewGoals(deps, principal, params.id, body.goals) }),
  );
  api.route(
    {
      method: 'post',
      auth: STAFF,
      path: '/api/v1/reviews/{id}/self-assessment',
      summary: 'The employee scores each goal 0–5',
      tags: ['reviews'],
      params: idParams,
      body: assessment,
      responses: { 200: reviewOut, 403: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ principal, params, body }) => ({ status: 200, body: await selfAssessReview(deps, principal, params.id, body) }),
  );
  api.route(
    {
      method: 'post',
      auth: STAFF,
      path: '/api/v1/reviews/{id}/manager-assessment',
      summary: 'The reviewer scores each goal 0–5; sets the final weighted score',
      tags: ['reviews'],
      params: idParams,
      body: assessment,
      responses: { 200: reviewOut, 403: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ principal, params, body }) => ({ status: 200, body: await managerAssessReview(deps, principal, params.id, body) }),
  );
  api.route(
    {
      method: 'post',
      auth: STAFF,
      path: '/api/v1/reviews/{id}/close',
      summary: 'Close an assessed review',
      tags: ['reviews'],
      params: idParams,
      responses: { 200: reviewOut, 403: 'problem', 409: 'problem' },
    },
    async ({ principal, params }) => ({ status: 200, body: await closeReview(deps, principal, params.id) }),
  );
  return api;
}
