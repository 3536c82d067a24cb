/**
 * The only CSS the observer accepts from the theme service: blocks of role custom properties, as the theme service
 * generates them (`[data-erp-theme="<theme>-<mode>"] { color-scheme: dark; --erp-background: #030712; … }`).
 *
 * What comes over the wire is parsed, never passed through: anything outside this grammar (other selectors, at-rules,
 * url(), escapes, markup, bytes that are not UTF-8) refuses the whole file, and what is served is re-written from the
 * parsed blocks. So a broken or hostile answer can never reach a page as a stylesheet.
 */

/** A theme block: its key (`standard-dark`) and its declarations in order. */
export interface ThemeBlock {
  key: string;
  colorScheme: 'light' | 'dark' | undefined;
  properties: Array<[name: string, value: string]>;
}

export type ParsedThemeCss = { ok: true; blocks: ThemeBlock[]; css: string } | { ok: false; reason: string };

/** Upper bound of one theme file (all.css of the 12 built-in themes is ~22 KB). */
export const MAX_THEME_CSS_BYTES = 256 * 1024;
/** Roles every block must define: without them a page cannot paint. */
export const REQUIRED_ROLES = ['--erp-background', '--erp-text', '--erp-surface', '--erp-border', '--erp-focus-ring'] as const;

const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PROPERTY = /^--erp-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MODES = ['light', 'dark', 'high-contrast'] as const;
export type ThemeMode = (typeof MODES)[number];
/** One value token: a quoted plain font name, a hex colour, a number with an optional unit, a word, a colour function, `)`, `,`, `/`. */
const VALUE_TOKEN =
  /\s+|"[A-Za-z0-9 _-]{1,100}"|#[0-9a-fA-F]{3,8}(?![0-9A-Za-z])|-?(?:\d+\.?\d*|\.\d+)(?:px|rem|em|%|ms|s)?(?![0-9A-Za-z.%])|(?:rgb|rgba|hsl|hsla)\(|[A-Za-z][A-Za-z0-9-]{0,40}|[),/]/y;
const MAX_VALUE = 400;
const MAX_BLOCKS = 400;
const MAX_PROPERTIES = 200;

function parseValue(raw: string): string | undefined {
  const value = raw.trim();
  if (value.length === 0 || value.length > MAX_VALUE) return undefined;
  let depth = 0;
  VALUE_TOKEN.lastIndex = 0;
  while (VALUE_TOKEN.lastIndex < value.length) {
    const at = VALUE_TOKEN.lastIndex;
    const match = VALUE_TOKEN.exec(value);
    if (!match || match.index !== at) return undefined;
    const token = match[0];
    if (token.endsWith('(')) depth += 1;
    else if (token === ')') depth -= 1;
    if (depth < 0 || depth > 1) return undefined;
    // a word directly followed by "(" is a function the pattern did not allow (url(, expression(, image-set( …)
    if (/^[A-Za-z]/.test(token) && !token.endsWith('(') && value[VALUE_TOKEN.lastIndex] === '(') return undefined;
  }
  if (depth !== 0) return undefined;
  return value.replace(/\s+/g, ' ');
}

/** Bytes (or text) → the canonical theme CSS, or why it was refused. */
export function parseThemeCss(input: Uint8Array | string, maxBytes = MAX_THEME_CSS_BYTES): ParsedThemeCss {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return { ok: false, reason: 'not UTF-8' };
  }
  // Comments go first (they may say anything, e.g. a custom theme's name; they are dropped); what is left must be blocks only.
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, ' ');
  if (stripped.includes('/*') || stripped.includes('*/')) return { ok: false, reason: 'an unterminated comment' };
  const control = [...stripped].some((c) => (c < ' ' && !'\t\n\r\f'.includes(c)) || c === '\u007f');
  if (control || /[\\<>@]/.test(stripped)) return { ok: false, reason: 'control characters, escapes, markup or at-rules' };
  const blocks: ThemeBlock[] = [];
  const BLOCK = /\s*\[data-erp-theme="([^"]{1,120})"\]\s*\{([^{}]*)\}\s*/y;
  let at = 0;
  while (at < stripped.length) {
    if (/^\s*$/.test(stripped.slice(at))) break;
    BLOCK.lastIndex = at;
    const match = BLOCK.exec(stripped);
    if (!match) return { ok: false, reason: `not a [data-erp-theme="…"] { … } block at character ${at}` };
    at = BLOCK.lastIndex;
    const [, key = '', body = ''] = match;
    if (!KEY.test(key)) return { ok: false, reason: `bad theme key ${JSON.stringify(key)}` };
    const block: ThemeBlock = { key, colorScheme: undefined, properties: [] };
    const seen = new Set<string>();
    for (const declaration of body.split(';')) {
      if (declaration.trim() === '') continue;
      const colon = declaration.indexOf(':');
      if (colon < 0) return { ok: false, reason: `${key}: a declaration without ":"` };
      const name = declaration.slice(0, colon).trim();
      const rawValue = declaration.slice(colon + 1);
      if (name === 'color-scheme') {
        const scheme = rawValue.trim();
        if (scheme !== 'light' && scheme !== 'dark') return { ok: false, reason: `${key}: color-scheme must be light or dark` };
        block.colorScheme = scheme;
        continue;
      }
      if (!PROPERTY.test(name)) return { ok: false, reason: `${key}: ${JSON.stringify(name.slice(0, 60))} is not an --erp-* role` };
      const value = parseValue(rawValue);
      if (value === undefined) return { ok: false, reason: `${key}: ${name} has a value outside the token grammar` };
      if (seen.has(name)) return { ok: false, reason: `${key}: ${name} twice` };
      seen.add(name);
      block.properties.push([name, value]);
    }
    if (block.properties.length > MAX_PROPERTIES) return { ok: false, reason: `${key}: more than ${MAX_PROPERTIES} properties` };
    const missing = REQUIRED_ROLES.filter((role) => !seen.has(role));
    if (missing.length) return { ok: false, reason: `${key}: missing ${missing.join(', ')}` };
    blocks.push(block);
    if (blocks.length > MAX_BLOCKS) return { ok: false, reason: `more than ${MAX_BLOCKS} blocks` };
  }
  if (blocks.length === 0) return { ok: false, reason: 'no theme block' };
  return { ok: true, blocks, css: blocks.map((b) => renderBlock(`[data-erp-theme="${b.key}"]`, b)).join('') };
}

/** One block as CSS under `selector` (a selector the observer wrote, never one from the wire). */
export function renderBlock(selector: string, block: ThemeBlock, indent = ''): string {
  const lines = [
    ...(block.colorScheme ? [`${indent}  color-scheme: ${block.colorScheme};`] : []),
    ...block.properties.map(([name, value]) => `${indent}  ${name}: ${value};`),
  ];
  return `${indent}${selector} {\n${lines.join('\n')}\n${indent}}\n`;
}

/** The mode a theme key ends in (`odoo-high-contrast` → high-contrast). */
export function modeOfKey(key: string): ThemeMode | undefined {
  return MODES.find((mode) => key.endsWith(`-${mode}`));
}

/**
 * The safety net under every theme: the standard variant's three modes, at zero specificity (`:where`), for any
 * `data-erp-theme` ending in that mode (so an odoo or custom key whose own block is missing still paints) and, before
 * a script has set the attribute, for the root following the system's colour scheme and contrast.
 */
export function fallbackCss(standard: ThemeBlock[]): string {
  const byMode = new Map(
    standard.flatMap((b) => (b.key.startsWith('standard-') && modeOfKey(b.key) ? [[modeOfKey(b.key), b] as const] : [])),
  );
  const light = byMode.get('light');
  const dark = byMode.get('dark');
  const contrast = byMode.get('high-contrast');
  const root = ':where(:root:not([data-erp-theme]))';
  return [
    ...MODES.flatMap((mode) => {
      const block = byMode.get(mode);
      return block ? [renderBlock(`:where([data-erp-theme$="-${mode}"])`, block)] : [];
    }),
    light ? renderBlock(root, light) : '',
    dark ? `@media (prefers-color-scheme: dark) {\n${renderBlock(root, dark, '  ')}}\n` : '',
    contrast ? `@media (prefers-contrast: more) {\n${renderBlock(root, contrast, '  ')}}\n` : '',
  ].join('');
}
