import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CSS_TYPE, HTML_TYPE, JS_TYPE, JSON_TYPE, makeAsset, type Asset } from '../../domain/asset';
import type { BuiltInThemes } from '../../domain/built-in-themes';
import { MODES } from '../../domain/modes';
import { themeModeLinks } from '../../domain/theme-assets';
import { allVariants } from '../../domain/variants/variant.registry';
import { renderDemoPage } from './demo-page';

const PUBLIC_DIR = path.join(__dirname, '..', '..', 'public');

/** The static files under /assets, by name. */
const STATIC_FILES: Record<string, string> = {
  'components.css': CSS_TYPE,
  'theme-client.js': JS_TYPE,
  'demo.js': JS_TYPE,
  'demo.css': CSS_TYPE,
  'demo-vitals.js': JS_TYPE,
};

/** Where the demo page reports its Web Vitals (the observer's beacon URL) and the share of page loads that do. */
export interface DemoVitals {
  endpoint: string;
  sampleRate: number;
}

/** Versioned URL of a file under /assets. */
export function versionedAssetUrl(name: string, asset: Asset): string {
  return `/assets/v/${asset.hash}/${name}`;
}

/** Versioned URL of the stylesheet holding every built-in theme. */
export function allThemesUrl(builtIns: BuiltInThemes): string {
  return `/themes/v/${builtIns.allCss.hash}/all.css`;
}

/** Everything the service serves that is not per custom theme, built once at start. */
export class WebAssets {
  readonly files = new Map<string, Asset>();
  readonly manifest: Asset;
  readonly demoPage: Asset;

  constructor(builtIns: BuiltInThemes, options: { vitals?: DemoVitals } = {}) {
    for (const [name, type] of Object.entries(STATIC_FILES))
      this.files.set(name, makeAsset(readFileSync(path.join(PUBLIC_DIR, name), 'utf8'), type));
    // The web-vitals library (its IIFE build, global `webVitals`) from this origin, for the demo page's reporting.
    this.files.set(
      'web-vitals.js',
      makeAsset(readFileSync(path.join(path.dirname(require.resolve('web-vitals')), 'web-vitals.iife.js'), 'utf8'), JS_TYPE),
    );
    const url = (name: string): string => versionedAssetUrl(name, this.files.get(name) as Asset);
    this.manifest = makeAsset(
      `${JSON.stringify(
        {
          variants: allVariants().map((v) => ({ name: v.name, label: v.label, description: v.description })),
          modes: MODES,
          themes: Object.fromEntries(builtIns.list().map((t) => [t.key, themeModeLinks(t)])),
          allThemesCss: allThemesUrl(builtIns),
          componentsCss: url('components.css'),
          clientJs: url('theme-client.js'),
        },
        null,
        2,
      )}\n`,
      JSON_TYPE,
    );
    this.demoPage = makeAsset(
      renderDemoPage(allVariants(), {
        componentsCss: url('components.css'),
        allThemesCss: allThemesUrl(builtIns),
        demoCss: url('demo.css'),
        clientJs: url('theme-client.js'),
        demoJs: url('demo.js'),
        manifest: '/themes/manifest.json',
        ...(options.vitals ? { vitals: { ...options.vitals, script: url('demo-vitals.js'), library: url('web-vitals.js') } } : {}),
      }),
      HTML_TYPE,
    );
  }
}
