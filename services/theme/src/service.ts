import 'reflect-metadata';
import { createTokenVerifier, jwksUrlFromEnv } from '@erp/auth';
import type { ServiceContext, ServiceDefinition } from '@erp/service-kit';
import { loadThemeConfig, type ThemeConfig } from './config';
import { CustomTheme } from './data-access/custom-theme.entity';
import { CustomThemeRepository } from './data-access/custom-theme.repository';
import { InitTheme1764370000000 } from './data-access/migrations/1764370000000-init-theme.migration';
import { ThemePreference } from './data-access/preference.entity';
import { PreferenceRepository } from './data-access/preference.repository';
import { BuiltInThemes } from './domain/built-in-themes';
import type { ThemeDeps } from './domain/theme-deps';
import { tokenIdentity } from './entry-points/api/identity';
import { preferenceRoutes } from './entry-points/api/preferences.routes';
import { themeFileRoutes } from './entry-points/api/theme-files.routes';
import { themeRoutes } from './entry-points/api/themes.routes';
import { WebAssets } from './entry-points/web/web-assets';

export { loadThemeConfig, themeConfigShape, type ThemeConfig } from './config';

/** The use-cases' dependencies, built from the running service's context. */
export function themeDeps(ctx: ServiceContext<ThemeConfig>, builtIns: BuiltInThemes): ThemeDeps {
  return {
    customThemes: new CustomThemeRepository(ctx.dataSource),
    preferences: new PreferenceRepository(ctx.dataSource),
    builtIns,
    cache: ctx.cache,
    customThemeCacheSeconds: ctx.config.THEME_CUSTOM_CACHE_SECONDS,
  };
}

/**
 * The theme service: DTCG tokens for 4 variants × 3 modes served as JSON and CSS, contrast-checked custom
 * themes, per-user preferences, the component stylesheet, the client script and the demo page.
 */
export function buildThemeService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition<ThemeConfig> {
  const config = loadThemeConfig(env);
  const builtIns = new BuiltInThemes();
  // With the observer's public address, the demo page reports its Web Vitals there (and its CSP may connect to it).
  const observer = config.OBSERVER_PUBLIC_URL?.replace(/\/+$/, '');
  const web = new WebAssets(builtIns, {
    vitals: observer ? { endpoint: `${observer}/api/v1/vitals`, sampleRate: config.THEME_VITALS_SAMPLE_RATE } : undefined,
  });
  // One verifier (hr's JWKS, cached) for the routes that declare roles and for the optional identity on public reads.
  const jwksUrl = jwksUrlFromEnv({ AUTH_JWKS_URL: config.AUTH_JWKS_URL, HR_URL: config.HR_URL });
  const verifier = jwksUrl ? createTokenVerifier({ jwksUrl }) : undefined;
  const identify = tokenIdentity(verifier);
  return {
    name: 'theme',
    version: '0.1.0',
    description:
      'Design tokens (W3C DTCG) for four variants in light, dark and high contrast, WCAG 2.2 contrast checks, custom themes and per-user preferences.',
    config,
    ...(verifier ? { tokenVerifier: () => verifier } : {}),
    ...(observer ? { helmet: { contentSecurityPolicy: { directives: { 'connect-src': ["'self'", new URL(observer).origin] } } } } : {}),
    database: { entities: [CustomTheme, ThemePreference], migrations: [InitTheme1764370000000] },
    routes: (ctx) => {
      const deps = themeDeps(ctx, builtIns);
      return [themeFileRoutes(deps, web, config.THEME_REVALIDATE_SECONDS), themeRoutes(deps, identify), preferenceRoutes(deps)];
    },
  };
}
