import { baseConfigShape, defineConfig, envInteger, envUrl } from '@erp/service-kit';
import { z } from 'zod';

/** Theme's environment: the base variables plus caching of unversioned files and compiled custom themes. */
export const themeConfigShape = {
  ...baseConfigShape,
  THEME_REVALIDATE_SECONDS: envInteger(0, 86_400)
    .default(60)
    .describe('max-age of unversioned theme files (/themes/standard-dark.css); clients then revalidate with If-None-Match'),
  THEME_CUSTOM_CACHE_SECONDS: envInteger(1, 86_400)
    .default(300)
    .describe('how long a compiled custom theme stays in the cache (invalidated on every change anyway)'),
  OBSERVER_PUBLIC_URL: envUrl('http:', 'https:')
    .optional()
    .describe(
      "the observer as browsers reach it (not the fleet-internal OBSERVER_URL): the demo page then reports its Web Vitals to it (and the page's CSP allows connecting there); unset → no reporting",
    ),
  THEME_VITALS_SAMPLE_RATE: z
    .string()
    .regex(/^(?:0(?:\.\d{1,6})?|1(?:\.0+)?)$/, { error: 'expected a share of page loads from 0 to 1, e.g. 0.1' })
    .transform(Number)
    .default(1)
    .describe('share of demo page loads that report their Web Vitals to OBSERVER_PUBLIC_URL'),
};

export type ThemeConfig = ReturnType<typeof loadThemeConfig>;

/** Parses and validates theme's environment (default port 8005). */
export function loadThemeConfig(env: NodeJS.ProcessEnv = process.env) {
  return defineConfig(themeConfigShape, env, { defaultPort: 8005 });
}
