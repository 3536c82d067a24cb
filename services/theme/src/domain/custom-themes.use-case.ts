import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError } from '@erp/errors';
import { z } from 'zod';
import { CustomTheme } from '../data-access/custom-theme.entity';
import { isAdmin, type Caller } from './caller';
import { compileCustomTheme } from './compile-custom-theme';
import { MODES, type Mode } from './modes';
import { themeModeAssets, themeModeLinks, type ThemeModeAssets } from './theme-assets';
import type { ThemeDeps } from './theme-deps';
import { VARIANT_NAMES } from './variants/variant.registry';

const tokenPath = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'a token path looks like role.primary or color.brand.600')
  .max(200);
const overrideMap = z.record(tokenPath, z.unknown()).refine((o) => Object.keys(o).length <= 300, 'at most 300 overrides per layer');

/** What a client sends to create or replace a custom theme. */
export const customThemeInput = z.strictObject({
  name: z.string().trim().min(1).max(80),
  description: z.string().max(500).default(''),
  variant: z.enum(VARIANT_NAMES),
  shared: z.boolean().default(false).describe('visible to everyone; only admins may share'),
  overrides: z
    .strictObject({
      all: overrideMap.optional(),
      light: overrideMap.optional(),
      dark: overrideMap.optional(),
      'high-contrast': overrideMap.optional(),
    })
    .default({})
    .describe("token path → DTCG value or alias; `all` applies to every mode, then the mode's own"),
});
export type CustomThemeInput = z.output<typeof customThemeInput>;

/** A compiled custom theme as cached: the files of each mode. */
export type CompiledCustomTheme = Record<Mode, ThemeModeAssets>;

/** A custom theme as the API shows it. */
export interface CustomThemeView {
  id: string;
  name: string;
  description: string;
  variant: string;
  shared: boolean;
  ownerId: string;
  version: number;
  overrides: CustomTheme['overrides'];
  createdAt: string;
  updatedAt: string;
  modes: Record<Mode, ReturnType<typeof themeModeLinks> & { contrastPass: boolean }>;
}

/** A new theme owned by the caller (shared only when the caller is an admin). */
export async function createCustomTheme(deps: ThemeDeps, who: Caller, input: CustomThemeInput): Promise<CustomThemeView> {
  if (input.shared && !isAdmin(who)) throw new ForbiddenError('Only admins may share a theme');
  const theme = Object.assign(new CustomTheme(), { id: randomUUID(), ownerId: who.subject, ...input });
  const compiled = compile(theme);
  const saved = await saveOrConflict(deps, theme);
  return view(saved, compiled);
}

/** Replaces a theme the caller may change (its owner, or an admin for a shared theme). */
export async function replaceCustomTheme(deps: ThemeDeps, who: Caller, id: string, input: CustomThemeInput): Promise<CustomThemeView> {
  const theme = await changeable(deps, who, id);
  if (input.shared && !theme.shared && !isAdmin(who)) throw new ForbiddenError('Only admins may share a theme');
  Object.assign(theme, input);
  const compiled = compile(theme);
  const saved = await saveOrConflict(deps, theme);
  await deps.cache.invalidate(tagOf(id));
  return view(saved, compiled);
}

/** Deletes a theme the caller may change. */
export async function removeCustomTheme(deps: ThemeDeps, who: Caller, id: string): Promise<void> {
  await changeable(deps, who, id);
  await deps.customThemes.delete(id);
  await deps.cache.invalidate(tagOf(id));
}

/** A theme the caller may see (shared, own, or any for an admin); 404 otherwise, so ids leak nothing. */
export async function getCustomTheme(deps: ThemeDeps, caller: Caller | undefined, id: string): Promise<CustomThemeView> {
  const theme = await deps.customThemes.findById(id);
  if (!theme || !(theme.shared || theme.ownerId === caller?.subject || isAdmin(caller))) throw new NotFoundError('theme', id);
  return view(theme, await compiled(deps, theme));
}

/** The caller's own themes and every shared one. */
export async function listCustomThemes(deps: ThemeDeps, caller: Caller | undefined): Promise<CustomThemeView[]> {
  const themes = await deps.customThemes.listVisible(caller?.subject);
  return Promise.all(themes.map(async (t) => view(t, await compiled(deps, t))));
}

/** True when a theme with that id exists and the user may use it. */
export async function isCustomThemeVisibleTo(deps: ThemeDeps, userId: string, id: string): Promise<boolean> {
  const theme = await deps.customThemes.findById(id);
  return theme !== null && (theme.shared || theme.ownerId === userId);
}

/**
 * The compiled files of a theme by id, for serving. The id works as a capability (like an unlisted
 * link): stylesheets are fetched by <link> elements that carry no credentials.
 */
export async function customThemeFiles(deps: ThemeDeps, id: string): Promise<CompiledCustomTheme | undefined> {
  const theme = await deps.customThemes.findById(id);
  return theme ? compiled(deps, theme) : undefined;
}

/** Compiled files through the cache, keyed by version so a stale read can never shadow a newer one. */
function compiled(deps: ThemeDeps, theme: CustomTheme): Promise<CompiledCustomTheme> {
  return deps.cache.wrap(`custom-theme:${theme.id}:v${theme.version}`, deps.customThemeCacheSeconds, async () => compile(theme), {
    tags: [tagOf(theme.id)],
  });
}

function compile(theme: Pick<CustomTheme, 'id' | 'name' | 'variant' | 'overrides'>): CompiledCustomTheme {
  const modes = compileCustomTheme(theme);
  return Object.fromEntries(MODES.map((mode) => [mode, themeModeAssets(modes[mode])])) as CompiledCustomTheme;
}

async function changeable(deps: ThemeDeps, caller: Caller, id: string): Promise<CustomTheme> {
  const theme = await deps.customThemes.findById(id);
  if (!theme || !(theme.shared || theme.ownerId === caller.subject || isAdmin(caller))) throw new NotFoundError('theme', id);
  if (theme.ownerId !== caller.subject && !isAdmin(caller))
    throw new ForbiddenError('Only its owner or an admin may change a shared theme');
  return theme;
}

async function saveOrConflict(deps: ThemeDeps, theme: CustomTheme): Promise<CustomTheme> {
  const saved = await deps.customThemes.save(theme);
  if (!saved) throw new ConflictError(`You already have a theme named "${theme.name}"`, { field: 'name' });
  return saved;
}

function view(theme: CustomTheme, compiled: CompiledCustomTheme): CustomThemeView {
  const modes = Object.fromEntries(
    MODES.map((mode) => [mode, { ...themeModeLinks(compiled[mode]), contrastPass: compiled[mode].audit.pass }]),
  );
  return {
    id: theme.id,
    name: theme.name,
    description: theme.description,
    variant: theme.variant,
    shared: theme.shared,
    ownerId: theme.ownerId,
    version: theme.version,
    overrides: theme.overrides,
    createdAt: new Date(theme.createdAt).toISOString(),
    updatedAt: new Date(theme.updatedAt).toISOString(),
    modes: modes as CustomThemeView['modes'],
  };
}

function tagOf(id: string): string {
  return `custom-theme:${id}`;
}
