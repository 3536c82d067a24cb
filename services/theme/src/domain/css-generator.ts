import { toCss } from './color';
import { COLOR_SCHEME, type Mode } from './modes';
import { cssVariableOf, ROLES } from './roles';
import type { Dimension, ResolvedValue } from './token-values';

const GENERIC_FAMILIES = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'math',
  'emoji',
]);

const dimension = (d: Dimension): string => `${d.value}${d.unit}`;

/** CSS text of a resolved token value. Font names are validated to be plain words, so quoting is safe. */
export function cssValue(token: ResolvedValue): string {
  switch (token.type) {
    case 'color':
      return toCss(token.value);
    case 'dimension':
      return dimension(token.value);
    case 'fontFamily':
      return token.value.map((f) => (GENERIC_FAMILIES.has(f) ? f : `"${f}"`)).join(', ');
    case 'fontWeight':
    case 'number':
      return String(token.value);
    case 'shadow':
      return token.value
        .map(
          (l) =>
            `${l.inset ? 'inset ' : ''}${dimension(l.offsetX)} ${dimension(l.offsetY)} ${dimension(l.blur)} ${dimension(l.spread)} ${toCss(l.color)}`,
        )
        .join(', ');
  }
}

/**
 * The CSS custom properties of one theme: only the roles, scoped to `[data-erp-theme="<key>"]`, so
 * several themes can live on one page and switching is a matter of changing that attribute.
 */
export function generateThemeCss(key: string, label: string, mode: Mode, resolved: Map<string, ResolvedValue>): string {
  const lines = ROLES.map((role) => {
    const token = resolved.get(`role.${role.name}`);
    return token ? `  ${cssVariableOf(role.name)}: ${cssValue(token)};` : undefined;
  }).filter((line): line is string => line !== undefined);
  return `/* ${label} (${mode}) — generated from DTCG role tokens */\n[data-erp-theme="${key}"] {\n  color-scheme: ${COLOR_SCHEME[mode]};\n${lines.join('\n')}\n}\n`;
}
