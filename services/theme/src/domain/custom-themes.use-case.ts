import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, type Cache } from '@erp/service-kit';
import { z } from 'zod';
import { CustomTheme } from '../data-access/custom-theme.entity';
import { DuplicateThemeNameError, type CustomThemeRepository } from '../data-access/custom-theme.repository';
import { isAdmin, type Caller } from './caller';
import { compileCustomTheme } from './compile-custom-theme';
import { MODES, type Mode } from './modes';
import { themeModeAssets, themeModeLinks, type ThemeModeAssets } from './theme-assets';
import { VARIANT_NAMES } from './variants/variant.registry';

const tokenPath = z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'a token path looks like role.primary or color.brand.600').max(200);
const overrideMap = z.record(tokenPath, z.unknown()).refine((o) => Object.keys(o).length <= 300, 'at most 300 overrides per layer');

/** What a client sends to create or replace a custom theme. */
export const customThemeInput = z.strictObject({
  name: z.string().trim().min(1).max(80),
  description: z.string().max(500).default(''),
  variant: z.enum(VARIANT_NAMES),
  shared: z.boolean().default(false).describe('visible to everyone; only admins may share'),
  overrides: z
    .strictObject({ all: overrideMap.optional(), light: overrideMap.optional(), dark: overrideMap.optional(), 'high-contrast': overrideMap.optional() })
    .default({})
    .describe('token path → DTCG value or alias; `all` applies to every mode, then the mode\'s own'),
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

/** Custom themes: create (validated, contrast-checked), read, replace, delete, and their compiled files. */
export class CustomThemes {
  constructor(
    private readonly repo: CustomThemeRepository,
    private readonly cache: Cache,
    private readonly cacheSeconds: number,
  ) {}

  /** 201-worthy: a new theme owned by the caller (shared only when the caller is an admin). */
  async create(who: Caller, input: CustomThemeInput): Promise<CustomThemeView> {
    if (input.shared && !isAdmin(who)) throw new ForbiddenError('Only admins may share a theme');
    const theme = Object.assign(new CustomTheme(), { id: randomUUID(), ownerId: who.subject, ...input });
    const compiled = this.compile(theme);
    const saved = await this.saveOrConflict(theme);
    return this.view(saved, compiled);
  }

  /** Replaces a theme the caller may change (its owner, or an admin for a shared theme). */
  async replace(who: Caller, id: string, input: CustomThemeInput): Promise<CustomThemeView> {
    const theme = await this.changeable(who, id);
    if (input.shared && !theme.shared && !isAdmin(who)) throw new ForbiddenError('Only admins may share a theme');
    Object.assign(theme, input);
    const compiled = this.compile(theme);
    const saved = await this.saveOrConflict(theme);
    await this.cache.invalidate(tagOf(id));
    return this.view(saved, compiled);
  }

  async remove(who: Caller, id: string): Promise<void> {
    await this.changeable(who, id);
    await this.repo.delete(id);
    await this.cache.invalidate(tagOf(id));
  }

  /** A theme the caller may see (shared, own, or any for an admin); 404 otherwise, so ids leak nothing. */
  async get(caller: Caller | undefined, id: string): Promise<CustomThemeView> {
    const theme = await this.repo.findById(id);
    if (!theme || !(theme.shared || theme.ownerId === caller?.subject || isAdmin(caller))) throw new NotFoundError('theme', id);
    return this.view(theme, await this.compiled(theme));
  }

  /** The caller's own themes and every shared one. */
  async list(caller: Caller | undefined): Promise<CustomThemeView[]> {
    const themes = await this.repo.listVisible(caller?.subject);
    return Promise.all(themes.map(async (t) => this.view(t, await this.compiled(t))));
  }

  /** True when a theme with that id exists and the user may use it. */
  async isVisibleTo(userId: string, id: string): Promise<boolean> {
    const theme = await this.repo.findById(id);
    return theme !== null && (theme.shared || theme.ownerId === userId);
  }

  /**
   * The compiled files of a theme by id, for serving. The id works as a capability (like an unlisted
   * link): stylesheets are fetched by <link> elements that carry no credentials.
   */
  async files(id: string): Promise<CompiledCustomTheme | undefined> {
    const theme = await this.repo.findById(id);
    return theme ? this.compiled(theme) : undefined;
  }

  /** Compiled files through the cache, keyed by version so a stale read can never shadow a newer one. */
  private compiled(theme: CustomTheme): Promise<CompiledCustomTheme> {
    return this.cache.wrap(`custom-theme:${theme.id}:v${theme.version}`, this.cacheSeconds, async () => this.compile(theme), { tags: [tagOf(theme.id)] });
  }

  private compile(theme: Pick<CustomTheme, 'id' | 'name' | 'variant' | 'overrides'>): CompiledCustomTheme {
    const modes = compileCustomTheme(theme);
    return Object.fromEntries(MODES.map((mode) => [mode, themeModeAssets(modes[mode])])) as CompiledCustomTheme;
  }

  private async changeable(caller: Caller, id: string): Promise<CustomTheme> {
    const theme = await this.repo.findById(id);
    if (!theme || !(theme.shared || theme.ownerId === caller.subject || isAdmin(caller))) throw new NotFoundError('theme', id);
    if (theme.ownerId !== caller.subject && !isAdmin(caller)) throw new ForbiddenError('Only its owner or an admin may change a shared theme');
    return theme;
  }

  private async saveOrConflict(theme: CustomTheme): Promise<CustomTheme> {
    try {
      return await this.repo.save(theme);
    } catch (error) {
      if (error instanceof DuplicateThemeNameError) throw new ConflictError(`You already have a theme named "${theme.name}"`, { field: 'name' });
      throw error;
    }
  }

  private view(theme: CustomTheme, compiled: CompiledCustomTheme): CustomThemeView {
    const modes = Object.fromEntries(MODES.map((mode) => [mode, { ...themeModeLinks(compiled[mode]), contrastPass: compiled[mode].audit.pass }]));
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
}

function tagOf(id: string): string {
  return `custom-theme:${id}`;
}
