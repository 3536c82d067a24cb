import type { Cache } from '@erp/service-kit';
import type { CustomThemeRepository } from '../data-access/custom-theme.repository';
import type { PreferenceRepository } from '../data-access/preference.repository';
import type { BuiltInThemes } from './built-in-themes';

/** The part of the kit's cache the use-cases need. */
export type ThemeCache = Pick<Cache, 'wrap' | 'invalidate'>;

/** What the theme use-cases work with. */
export interface ThemeDeps {
  customThemes: CustomThemeRepository;
  preferences: PreferenceRepository;
  /** The 4 variants × 3 modes, compiled once at start. */
  builtIns: BuiltInThemes;
  /** Compiled custom themes, keyed by version. */
  cache: ThemeCache;
  /** How long a compiled custom theme stays cached. */
  customThemeCacheSeconds: number;
}
