import { CSS_TYPE, makeAsset, TOKENS_TYPE, type Asset } from './asset';
import type { CompiledTheme } from './compile-theme';
import type { ContrastAudit } from './contrast-audit';
import type { Mode } from './modes';
import { versionedThemeUrl, type ThemeFileKind } from './theme-key';

/** Everything served for one theme mode. */
export interface ThemeModeAssets {
  key: string;
  mode: Mode;
  files: Record<ThemeFileKind, Asset>;
  audit: ContrastAudit;
}

/** Turns a compiled theme into the three files served for it. */
export function themeModeAssets(theme: CompiledTheme): ThemeModeAssets {
  return {
    key: theme.key,
    mode: theme.mode,
    files: {
      css: makeAsset(theme.css, CSS_TYPE),
      tokens: makeAsset(`${JSON.stringify(theme.document, null, 2)}\n`, TOKENS_TYPE),
      'resolved-tokens': makeAsset(`${JSON.stringify(theme.resolvedDocument, null, 2)}\n`, TOKENS_TYPE),
    },
    audit: theme.audit,
  };
}

/** Versioned URLs of a theme mode's files, as clients receive them. */
export function themeModeLinks(assets: ThemeModeAssets): { key: string; css: string; tokens: string; resolvedTokens: string } {
  return {
    key: assets.key,
    css: versionedThemeUrl(assets.key, 'css', assets.files.css.hash),
    tokens: versionedThemeUrl(assets.key, 'tokens', assets.files.tokens.hash),
    resolvedTokens: versionedThemeUrl(assets.key, 'resolved-tokens', assets.files['resolved-tokens'].hash),
  };
}
