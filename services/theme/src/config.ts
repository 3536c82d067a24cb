import { baseConfigShape, defineConfig, envInteger } from '@erp/service-kit';

/** Theme's environment: the base variables plus caching of unversioned files and compiled custom themes. */
export const themeConfigShape = {
  ...baseConfigShape,
  THEME_REVALIDATE_SECONDS: envInteger(0, 86_400)
    .default(60)
    .describe('max-age of unversioned theme files (/themes/standard-dark.css); clients then revalidate with If-None-Match'),
  THEME_CUSTOM_CACHE_SECONDS: envInteger(1, 86_400)
    .default(300)
    .describe('how long a compiled custom theme stays in the cache (invalidated on every change anyway)'),
};

export type ThemeConfig = ReturnType<typeof loadThemeConfig>;

/** Parses and validates theme's environment (default port 8005). */
export function loadThemeConfig(env: NodeJS.ProcessEnv = process.env) {
  return defineConfig(themeConfigShape, env, { defaultPort: 8005 });
}
