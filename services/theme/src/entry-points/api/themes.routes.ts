import { ForbiddenError, NotFoundError } from '@erp/errors';
import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import type { BuiltInThemes } from '../../domain/built-in-themes';
import { ROLE_PAIRS } from '../../domain/contrast-pairs';
import {
  createCustomTheme,
  customThemeFiles,
  customThemeInput,
  getCustomTheme,
  listCustomThemes,
  removeCustomTheme,
  replaceCustomTheme,
} from '../../domain/custom-themes.use-case';
import { MODES } from '../../domain/modes';
import { ROLES } from '../../domain/roles';
import { themeModeLinks } from '../../domain/theme-assets';
import { allVariants, isVariantName } from '../../domain/variants/variant.registry';
import type { ThemeDeps } from '../../domain/theme-deps';
import { STAFF } from './access-policy';
import type { Identify } from './identity';

const idParam = z.object({ id: z.string().min(1).max(64) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Built-in variants and custom themes: list, read, create (contrast-checked), replace, delete, contrast report. */
export function themeRoutes(deps: ThemeDeps, identify: Identify): ApiRouter {
  const { builtIns } = deps;

  const builtInView = (name: string) => {
    const variant = allVariants().find((v) => v.name === name);
    return {
      id: name,
      name: variant?.label ?? name,
      description: variant?.description ?? '',
      builtIn: true,
      modes: Object.fromEntries(
        MODES.map((mode) => {
          const t = builtIns.get(name, mode) as NonNullable<ReturnType<BuiltInThemes['get']>>;
          return [mode, { ...themeModeLinks(t), contrastPass: t.audit.pass }];
        }),
      ),
    };
  };

  const customId = (id: string): string => {
    if (isVariantName(id)) throw new ForbiddenError('Built-in themes are read-only; create a custom theme that derives from it');
    if (!UUID.test(id)) throw new NotFoundError('theme', id);
    return id;
  };

  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/themes',
      summary: 'Built-in variants and the custom themes you may use (shared ones; with a token also your own)',
      tags: ['themes'],
      auth: 'public',
      responses: { 200: { description: '{ builtIn, custom }' } },
    },
    async ({ req }) => ({
      status: 200,
      body: { builtIn: allVariants().map((v) => builtInView(v.name)), custom: await listCustomThemes(deps, await identify(req)) },
    }),
  );
  api.route(
    {
      method: 'get',
      path: '/themes/roles',
      summary: 'The semantic roles (names stable across variants and modes) and the contrast pairs checked',
      tags: ['themes'],
      auth: 'public',
      responses: { 200: { description: '{ roles, pairs }' } },
    },
    () => ({ status: 200, body: { roles: ROLES.map(({ name, type, description }) => ({ name, type, description })), pairs: ROLE_PAIRS } }),
  );
  api.route(
    {
      method: 'post',
      path: '/themes',
      summary: 'Create a custom theme derived from a variant',
      description:
        'Overrides are token path → DTCG value or alias. 400 names unknown tokens and bad values; 422 names every role pair whose contrast fails, with its ratio.',
      tags: ['themes'],
      body: customThemeInput,
      auth: STAFF,
      responses: { 201: { description: 'The theme' }, 400: 'problem', 401: 'problem', 403: 'problem', 409: 'problem', 422: 'problem' },
    },
    async ({ body, principal }) => {
      const created = await createCustomTheme(deps, principal, body);
      return { status: 201, body: created, headers: { Location: `/api/v1/themes/${created.id}` } };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/themes/{id}',
      summary: 'A built-in variant or a custom theme',
      tags: ['themes'],
      params: idParam,
      auth: 'public',
      responses: { 200: { description: 'The theme' }, 404: 'problem' },
    },
    async ({ params, req }) => {
      if (isVariantName(params.id)) return { status: 200, body: builtInView(params.id) };
      if (!UUID.test(params.id)) throw new NotFoundError('theme', params.id);
      return { status: 200, body: await getCustomTheme(deps, await identify(req), params.id) };
    },
  );
  api.route(
    {
      method: 'put',
      path: '/themes/{id}',
      summary: 'Replace a custom theme (owner, or an admin for a shared one)',
      tags: ['themes'],
      params: idParam,
      body: customThemeInput,
      auth: STAFF,
      responses: {
        200: { description: 'The theme' },
        400: 'problem',
        401: 'problem',
        403: 'problem',
        404: 'problem',
        409: 'problem',
        422: 'problem',
      },
    },
    async ({ params, body, principal }) => ({ status: 200, body: await replaceCustomTheme(deps, principal, customId(params.id), body) }),
  );
  api.route(
    {
      method: 'delete',
      path: '/themes/{id}',
      summary: 'Delete a custom theme; preferences that used it fall back to their variant',
      tags: ['themes'],
      params: idParam,
      auth: STAFF,
      responses: { 204: null, 401: 'problem', 403: 'problem', 404: 'problem' },
    },
    async ({ params, principal }) => {
      await removeCustomTheme(deps, principal, customId(params.id));
      return { status: 204 };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/themes/{id}/contrast',
      summary: 'The contrast of every role pair in every mode, with the threshold it is held to',
      tags: ['themes'],
      params: idParam,
      auth: 'public',
      responses: { 200: { description: 'Per mode: standard, pass, pairs' }, 404: 'problem' },
    },
    async ({ params, req }) => {
      if (isVariantName(params.id)) {
        const modes = MODES.map((mode) => builtIns.get(params.id, mode)?.audit);
        return { status: 200, body: { themeId: params.id, modes } };
      }
      if (!UUID.test(params.id)) throw new NotFoundError('theme', params.id);
      await getCustomTheme(deps, await identify(req), params.id);
      const files = await customThemeFiles(deps, params.id);
      return { status: 200, body: { themeId: params.id, modes: MODES.map((mode) => files?.[mode].audit) } };
    },
  );
  return api;
}
