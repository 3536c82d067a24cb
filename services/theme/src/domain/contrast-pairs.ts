import type { Mode } from './modes';

/**
 * What a pair is used for, which decides the WCAG 2.2 threshold:
 * - text: body-size text (SC 1.4.3 AA 4.5:1; SC 1.4.6 AAA 7:1)
 * - large-text: ≥ 24 px, or ≥ 18.66 px bold (SC 1.4.3 AA 3:1)
 * - ui: component boundaries, focus indicators and graphical objects (SC 1.4.11, 3:1)
 */
export type PairKind = 'text' | 'large-text' | 'ui';

/** One foreground role drawn on one background role. Role names are paths under `role.`. */
export interface RolePair {
  foreground: string;
  background: string;
  kind: PairKind;
  usage: string;
}

/**
 * The minimum ratio per kind and mode. Light and dark follow WCAG 2.2 AA. High contrast asks for
 * 7:1 from every pair — AAA text (SC 1.4.6) applied to large text and UI parts as well, which is
 * stricter than WCAG requires.
 */
export function requiredRatio(kind: PairKind, mode: Mode): number {
  if (mode === 'high-contrast') return 7;
  return kind === 'text' ? 4.5 : 3;
}

/** The standard each mode is held to, for reports. */
export const STANDARD_BY_MODE: Record<Mode, string> = {
  light: 'WCAG 2.2 AA',
  dark: 'WCAG 2.2 AA',
  'high-contrast': 'WCAG 2.2 AAA (7:1 for every pair)',
};

const text = (foreground: string, background: string, usage: string): RolePair => ({ foreground, background, kind: 'text', usage });
const ui = (foreground: string, background: string, usage: string): RolePair => ({ foreground, background, kind: 'ui', usage });
const large = (foreground: string, background: string, usage: string): RolePair => ({ foreground, background, kind: 'large-text', usage });

const STATUSES = ['success', 'warning', 'danger', 'info'] as const;

/**
 * Every foreground/background combination the component stylesheet paints. A pair missing here
 * is a pair nobody checks — the component stylesheet test makes sure new combinations land here.
 */
export const ROLE_PAIRS: readonly RolePair[] = [
  text('text', 'background', 'body text on the page'),
  text('text', 'surface', 'text in cards, tables, dialogs'),
  text('text', 'surface-muted', 'table headers and striped rows'),
  text('text', 'field', 'text typed into inputs'),
  text('text-muted', 'background', 'secondary text on the page'),
  text('text-muted', 'surface', 'secondary text in cards and tables'),
  text('text-muted', 'surface-muted', 'secondary text in table headers'),
  text('text-muted', 'field', 'input placeholders and hints'),
  text('link', 'background', 'links on the page'),
  text('link', 'surface', 'links in cards and tables'),
  text('on-primary', 'primary', 'primary button label'),
  text('on-primary', 'primary-hover', 'primary button label while hovered'),
  text('primary-text', 'surface', 'secondary (outline) button label'),
  text('primary-text', 'background', 'secondary (outline) button label on the page'),
  text('on-selected', 'selected', 'selected row and active tab'),
  text('on-nav', 'nav', 'navigation links'),
  text('on-nav-active', 'nav-active', 'the current navigation link'),
  ...STATUSES.flatMap((s) => [
    text(`on-${s}`, s, `solid ${s} badge and button label`),
    text(`${s}-text`, `${s}-subtle`, `${s} alert text`),
    text(`${s}-text`, 'surface', `${s} message text in a card`),
  ]),
  large('primary-text', 'background', 'large headings in the brand colour'),
  ui('border', 'background', 'input and button borders on the page'),
  ui('border', 'surface', 'input and button borders in cards'),
  ui('border', 'field', 'input borders against the input fill'),
  ui('danger', 'field', 'border of an invalid input'),
  ui('focus-ring', 'background', 'keyboard focus indicator on the page'),
  ui('focus-ring', 'surface', 'keyboard focus indicator in cards'),
  ui('on-nav', 'nav', 'keyboard focus indicator in the navigation (drawn in on-nav, since nav may be brand-coloured)'),
  ui('primary', 'background', 'primary button shape on the page'),
  ui('primary', 'surface', 'primary button shape and checked controls in cards'),
  ...[1, 2, 3, 4, 5, 6].map((n) => ui(`chart.${n}`, 'surface', `chart series ${n} against the chart surface`)),
];
