import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import {
  getPreference,
  patchPreference,
  preferenceInput,
  preferencePatch,
  replacePreference,
  resetPreference,
} from '../../domain/preferences.use-case';
import type { ThemeDeps } from '../../domain/theme-deps';
import { STAFF } from './access-policy';

const userParam = z.object({ userId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/, 'a user id (the token subject), or "me"') });
const atQuery = z.object({
  at: z.iso.datetime({ offset: true }).optional().describe('evaluate time-of-day at this instant (default: now)'),
});
const PROBLEMS = { 400: 'problem', 401: 'problem', 403: 'problem', 404: 'problem' } as const;

/** A user's own theme preference: read, replace, patch, reset. `{userId}` is `me` or the caller's own token subject (anyone else's: 404). */
export function preferenceRoutes(deps: ThemeDeps): ApiRouter {
  const at = (query: { at?: string }): Date => (query.at ? new Date(query.at) : new Date());
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/preferences/{userId}',
      summary: 'Your preference (defaults when none is stored), its stylesheets and the mode in force',
      tags: ['preferences'],
      params: userParam,
      query: atQuery,
      auth: STAFF,
      responses: { 200: { description: 'The preference' }, ...PROBLEMS },
    },
    async ({ params, query, principal }) => ({ status: 200, body: await getPreference(deps, principal, params.userId, at(query)) }),
  );
  api.route(
    {
      method: 'put',
      path: '/preferences/{userId}',
      summary: 'Replace your preference',
      tags: ['preferences'],
      params: userParam,
      query: atQuery,
      body: preferenceInput,
      auth: STAFF,
      responses: { 200: { description: 'The stored preference' }, ...PROBLEMS, 422: 'problem' },
    },
    async ({ params, query, body, principal }) => ({
      status: 200,
      body: await replacePreference(deps, principal, params.userId, body, at(query)),
    }),
  );
  api.route(
    {
      method: 'patch',
      path: '/preferences/{userId}',
      summary: 'Change part of your preference',
      tags: ['preferences'],
      params: userParam,
      query: atQuery,
      body: preferencePatch,
      auth: STAFF,
      responses: { 200: { description: 'The stored preference' }, ...PROBLEMS, 422: 'problem' },
    },
    async ({ params, query, body, principal }) => ({
      status: 200,
      body: await patchPreference(deps, principal, params.userId, body, at(query)),
    }),
  );
  api.route(
    {
      method: 'delete',
      path: '/preferences/{userId}',
      summary: 'Forget your preference (defaults apply again)',
      tags: ['preferences'],
      params: userParam,
      auth: STAFF,
      responses: { 204: null, ...PROBLEMS },
    },
    async ({ params, principal }) => {
      await resetPreference(deps, principal, params.userId);
      return { status: 204 };
    },
  );
  return api;
}
