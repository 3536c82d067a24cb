import { MODES } from '../../domain/modes';
import type { VariantDefinition } from '../../domain/variants/variant';
import { componentShowcase, escapeHtml } from './component-showcase';

/** Versioned URLs the demo page links to. */
export interface DemoPageLinks {
  componentsCss: string;
  allThemesCss: string;
  demoCss: string;
  clientJs: string;
  demoJs: string;
  manifest: string;
  /** Set when the page reports its Web Vitals: the reporting script, the web-vitals library, the beacon URL, the sampling rate. */
  vitals?: { script: string; library: string; endpoint: string; sampleRate: number };
}

const MODE_LABELS: Record<string, string> = {
  light: 'Light',
  dark: 'Dark',
  'high-contrast': 'High contrast',
  system: 'Follow the system',
  'time-of-day': 'By time of day',
};

/** The demo page: a live preview the controls switch without a reload, then every component in every variant × mode. */
export function renderDemoPage(variants: VariantDefinition[], links: DemoPageLinks): string {
  const options = (values: string[], labels: (v: string) => string, selected: string): string =>
    values.map((v) => `<option value="${escapeHtml(v)}"${v === selected ? ' selected' : ''}>${escapeHtml(labels(v))}</option>`).join('');
  const gallery = variants
    .flatMap((variant) =>
      MODES.map((mode) => {
        const key = `${variant.name}-${mode}`;
        return `<section class="erp-demo-panel" data-erp-theme="${key}" aria-label="${escapeHtml(`${variant.label} ${MODE_LABELS[mode]}`)}">
  <h2 class="erp-heading erp-demo-panel__title">${escapeHtml(variant.label)} · ${escapeHtml(MODE_LABELS[mode] ?? mode)}</h2>
  ${componentShowcase(`g-${key}`)}
</section>`;
      }),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en" data-erp-theme="standard-light" data-erp-mode="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>ERP themes — every component in every variant and mode</title>
<link rel="stylesheet" href="${links.allThemesCss}">
<link rel="stylesheet" href="${links.componentsCss}">
<link rel="stylesheet" href="${links.demoCss}">
<script src="${links.clientJs}" data-variant="standard" data-mode="system" data-manifest="${links.manifest}" defer></script>
<script src="${links.demoJs}" defer></script>
${links.vitals ? `<script src="${links.vitals.script}" data-endpoint="${escapeHtml(links.vitals.endpoint)}" data-web-vitals="${links.vitals.library}" data-sample-rate="${links.vitals.sampleRate}" defer></script>\n` : ''}</head>
<body>
<header id="live" class="erp-demo-live">
  <div class="erp-demo-body">
    <h1 class="erp-heading">ERP themes</h1>
    <p class="erp-muted">Four variants, three modes, one set of role tokens. Switching applies without a reload.</p>
    <form id="theme-controls" class="erp-card erp-demo-controls" aria-label="Theme">
      <div class="erp-field"><label class="erp-label" for="variant">Variant</label>
        <select class="erp-select" id="variant" name="variant">${options(
          variants.map((v) => v.name),
          (v) => variants.find((x) => x.name === v)?.label ?? v,
          'standard',
        )}</select></div>
      <div class="erp-field"><label class="erp-label" for="mode">Mode</label>
        <select class="erp-select" id="mode" name="mode">${options(Object.keys(MODE_LABELS), (m) => MODE_LABELS[m] ?? m, 'system')}</select></div>
      <div class="erp-field"><label class="erp-label" for="lightFrom">Light from</label>
        <input class="erp-input" id="lightFrom" name="lightFrom" type="time" value="07:00"></div>
      <div class="erp-field"><label class="erp-label" for="darkFrom">Dark from</label>
        <input class="erp-input" id="darkFrom" name="darkFrom" type="time" value="19:00"></div>
      <p class="erp-demo-status">Now showing <strong id="current-theme" class="erp-mono">…</strong></p>
    </form>
  </div>
  ${componentShowcase('live')}
</header>
<main>
  <h2 class="erp-heading erp-demo-gallery-title">Every variant × mode</h2>
  <div class="erp-demo-gallery">
${gallery}
  </div>
</main>
</body>
</html>
`;
}
