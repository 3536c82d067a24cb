import { NotFoundError, UnprocessableError, ValidationError } from '@erp/errors';
import { z } from 'zod';
import type { ThemePreference } from '../data-access/preference.entity';
import type { BuiltInThemes } from './built-in-themes';
import type { Caller } from './caller';
import { customThemeFiles, isCustomThemeVisibleTo } from './custom-themes.use-case';
import { MODE_PREFERENCES, MODES, type Mode } from './modes';
import { DEFAULT_SCHEDULE, isTimeZone, scheduledMode } from './schedule';
import { themeModeLinks } from './theme-assets';
import type { ThemeDeps } from './theme-deps';
import { themeKey } from './theme-key';
import { VARIANT_NAMES } from './variants/variant.registry';

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'expected "HH:MM", 00:00–23:59');
const schedule = z.strictObject({ lightFrom: hhmm, darkFrom: hhmm });
const distinctHours = (s: { lightFrom: string; darkFrom: string }): boolean => s.lightFrom !== s.darkFrom;
const timezone = z.string().min(1).max(64).refine(isTimeZone, 'unknown IANA time zone (e.g. Europe/Berlin, UTC)');

/** PUT body: the whole preference (omitted optional fields take their defaults). */
export const preferenceInput = z.strictObject({
  variant: z.enum(VARIANT_NAMES),
  customThemeId: z.uuid().nullable().default(null).describe('a custom theme you own or that is shared; overrides variant'),
  mode: z.enum(MODE_PREFERENCES),
  schedule: schedule.refine(distinctHours, { message: 'lightFrom and darkFrom must differ', path: ['darkFrom'] }).default(DEFAULT_SCHEDULE),
  timezone: timezone.nullable().default(null).describe('for time-of-day; null → the browser decides'),
});

/** PATCH body: any subset; `schedule` may be partial too. */
export const preferencePatch = z.strictObject({
  variant: z.enum(VARIANT_NAMES).optional(),
  customThemeId: z.uuid().nullable().optional(),
  mode: z.enum(MODE_PREFERENCES).optional(),
  schedule: z.strictObject({ lightFrom: hhmm.optional(), darkFrom: hhmm.optional() }).optional(),
  timezone: timezone.nullable().optional(),
});

export type PreferenceInput = z.output<typeof preferenceInput>;
export type PreferencePatch = z.output<typeof preferencePatch>;

type Links = ReturnType<typeof themeModeLinks>;

/** A preference as the API shows it, with the stylesheets to load and the mode in force. */
export interface PreferenceView extends PreferenceInput {
  userId: string;
  stored: boolean;
  updatedAt: string | null;
  theme: { id: string; custom: boolean; stylesheets: Record<Mode, string>; links: Record<Mode, Links> };
  /** The mode at `at`: decided by the preference or the schedule; null in system mode (the browser decides). */
  effective: { mode: Mode | null; key: string | null; decidedBy: 'preference' | 'schedule' | 'browser' };
}

const DEFAULTS: PreferenceInput = { variant: 'standard', customThemeId: null, mode: 'system', schedule: DEFAULT_SCHEDULE, timezone: null };

// Per-user preferences; a user may read and change only their own.

/** The caller's preference as the API shows it, with the mode in force at `at`. */
export async function getPreference(deps: ThemeDeps, caller: Caller, userId: string, at: Date): Promise<PreferenceView> {
  const id = ownId(caller, userId);
  const row = await deps.preferences.find(id);
  return view(deps, id, row, at);
}

/** Stores the whole preference (PUT). */
export async function replacePreference(
  deps: ThemeDeps,
  caller: Caller,
  userId: string,
  input: PreferenceInput,
  at: Date,
): Promise<PreferenceView> {
  const id = ownId(caller, userId);
  await checkCustomTheme(deps, id, input.customThemeId);
  const row = await deps.preferences.upsert({ userId: id, ...flatten(input) });
  return view(deps, id, row, at);
}

/** Changes the given fields of the preference (PATCH); the rest keep their stored or default values. */
export async function patchPreference(
  deps: ThemeDeps,
  caller: Caller,
  userId: string,
  patch: PreferencePatch,
  at: Date,
): Promise<PreferenceView> {
  const id = ownId(caller, userId);
  const current = toInput(await deps.preferences.find(id));
  const merged: PreferenceInput = {
    variant: patch.variant ?? current.variant,
    customThemeId: patch.customThemeId === undefined ? current.customThemeId : patch.customThemeId,
    mode: patch.mode ?? current.mode,
    schedule: { ...current.schedule, ...patch.schedule },
    timezone: patch.timezone === undefined ? current.timezone : patch.timezone,
  };
  if (!distinctHours(merged.schedule)) {
    throw new ValidationError([{ field: 'schedule.darkFrom', in: 'body', message: 'lightFrom and darkFrom must differ' }]);
  }
  if (patch.customThemeId !== undefined) await checkCustomTheme(deps, id, merged.customThemeId);
  const row = await deps.preferences.upsert({ userId: id, ...flatten(merged) });
  return view(deps, id, row, at);
}

/** Forgets the stored preference; the defaults apply again. */
export async function resetPreference(deps: ThemeDeps, caller: Caller, userId: string): Promise<void> {
  await deps.preferences.delete(ownId(caller, userId));
}

async function checkCustomTheme(deps: ThemeDeps, userId: string, customThemeId: string | null): Promise<void> {
  if (customThemeId !== null && !(await isCustomThemeVisibleTo(deps, userId, customThemeId))) {
    throw new UnprocessableError(`No custom theme ${customThemeId} that you own or that is shared`, {
      errors: [{ field: 'customThemeId', message: 'no such theme visible to you' }],
    });
  }
}

async function view(deps: ThemeDeps, userId: string, row: ThemePreference | null, at: Date): Promise<PreferenceView> {
  const pref = toInput(row);
  const custom = pref.customThemeId ? await customThemeFiles(deps, pref.customThemeId) : undefined;
  const usable = custom && pref.customThemeId && (await isCustomThemeVisibleTo(deps, userId, pref.customThemeId));
  const themeId = usable ? (pref.customThemeId as string) : pref.variant;
  const links = Object.fromEntries(
    MODES.map((mode) => [
      mode,
      themeModeLinks(usable ? custom[mode] : (deps.builtIns.get(pref.variant, mode) as NonNullable<ReturnType<BuiltInThemes['get']>>)),
    ]),
  ) as Record<Mode, Links>;
  const effectiveMode: Mode | null =
    pref.mode === 'system' ? null : pref.mode === 'time-of-day' ? scheduledMode(pref.schedule, at, pref.timezone ?? 'UTC') : pref.mode;
  return {
    userId,
    ...pref,
    stored: row !== null,
    updatedAt: row ? new Date(row.updatedAt).toISOString() : null,
    theme: {
      id: themeId,
      custom: Boolean(usable),
      stylesheets: Object.fromEntries(MODES.map((m) => [m, links[m].css])) as Record<Mode, string>,
      links,
    },
    effective: {
      mode: effectiveMode,
      key: effectiveMode ? themeKey(themeId, effectiveMode) : null,
      decidedBy: pref.mode === 'system' ? 'browser' : pref.mode === 'time-of-day' ? 'schedule' : 'preference',
    },
  };
}

/** The user id the caller may act on: `me` or their own token subject; anyone else's answers 404 like a missing one (nothing leaks). */
function ownId(caller: Caller, userId: string): string {
  if (userId !== 'me' && userId !== caller.subject) throw new NotFoundError('preferences', userId);
  return caller.subject;
}

function flatten(input: PreferenceInput): Omit<ThemePreference, 'userId' | 'updatedAt'> {
  return {
    variant: input.variant,
    customThemeId: input.customThemeId,
    mode: input.mode,
    lightFrom: input.schedule.lightFrom,
    darkFrom: input.schedule.darkFrom,
    timezone: input.timezone,
  };
}

function toInput(row: ThemePreference | null): PreferenceInput {
  if (!row) return DEFAULTS;
  return {
    variant: row.variant as PreferenceInput['variant'],
    customThemeId: row.customThemeId,
    mode: row.mode as PreferenceInput['mode'],
    schedule: { lightFrom: row.lightFrom, darkFrom: row.darkFrom },
    timezone: row.timezone,
  };
}
