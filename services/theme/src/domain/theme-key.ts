import { isMode, MODES, type Mode } from './modes';

/** What a theme file name asks for: `<themeId>-<mode>.<kind>`. */
export interface ThemeFileName {
  themeId: string;
  mode: Mode;
  kind: ThemeFileKind;
}

export type ThemeFileKind = 'css' | 'tokens' | 'resolved-tokens';

const EXTENSIONS: Record<ThemeFileKind, string> = { css: '.css', tokens: '.tokens.json', 'resolved-tokens': '.resolved.tokens.json' };
const FILE = new RegExp(`^([a-z0-9]+(?:-[a-z0-9]+)*?)-(${MODES.join('|')})\\.(css|tokens\\.json|resolved\\.tokens\\.json)$`);

/** The key a theme is addressed by in CSS (`data-erp-theme`) and URLs: `standard-dark`, `<uuid>-high-contrast`. */
export function themeKey(themeId: string, mode: Mode): string {
  return `${themeId}-${mode}`;
}

/** The file name of one representation of a theme. */
export function themeFileName(key: string, kind: ThemeFileKind): string {
  return key + EXTENSIONS[kind];
}

/** Parses `standard-high-contrast.css` → { themeId: 'standard', mode: 'high-contrast', kind: 'css' }; undefined if malformed. */
export function parseThemeFileName(file: string): ThemeFileName | undefined {
  const match = FILE.exec(file);
  if (!match) return undefined;
  const [, themeId, mode, ext] = match as unknown as [string, string, string, string];
  if (!isMode(mode)) return undefined;
  const kind: ThemeFileKind = ext === 'css' ? 'css' : ext === 'tokens.json' ? 'tokens' : 'resolved-tokens';
  return { themeId, mode, kind };
}

/** Versioned URL (immutable): the content hash is part of the path. */
export function versionedThemeUrl(key: string, kind: ThemeFileKind, hash: string): string {
  return `/themes/v/${hash}/${themeFileName(key, kind)}`;
}
