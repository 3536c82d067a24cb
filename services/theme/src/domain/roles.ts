import type { Mode } from './modes';
import type { TokenType } from './dtcg';

/** A semantic role: the only tokens components may use. Names never change across variants and modes. */
export interface RoleDefinition {
  /** Path under `role.` (e.g. `text-muted`, `chart.3`); the CSS custom property is `--erp-<path with dots as dashes>`. */
  name: string;
  type: TokenType;
  description: string;
  /** The alias each mode uses unless a variant overrides it. */
  defaults: Record<Mode, string>;
}

const role = (name: string, type: TokenType, description: string, light: string, dark: string, hc: string): RoleDefinition => ({
  name,
  type,
  description,
  defaults: { light: `{${light}}`, dark: `{${dark}}`, 'high-contrast': `{${hc}}` },
});
const color = (name: string, description: string, light: string, dark: string, hc: string): RoleDefinition =>
  role(name, 'color', description, `color.${light}`, `color.${dark}`, `color.${hc}`);
const same = (name: string, type: TokenType, description: string, target: string): RoleDefinition =>
  role(name, type, description, target, target, target);

const status = (name: string, label: string, hue: string): RoleDefinition[] => [
  color(name, `solid ${label} fill (badges, buttons)`, `${hue}.${name === 'warning' ? '400' : '700'}`, `${hue}.400`, `${hue}.300`),
  color(`on-${name}`, `text on the solid ${label} fill`, name === 'warning' ? 'neutral.950' : 'neutral.0', 'neutral.950', 'neutral.1000'),
  color(`${name}-subtle`, `${label} alert background`, `${hue}.50`, `${hue}.950`, 'neutral.1000'),
  color(`${name}-text`, `${label} text on its subtle background or a surface`, `${hue}.800`, `${hue}.300`, `${hue}.300`),
];

/** Every role, in the order the CSS lists them. */
export const ROLES: readonly RoleDefinition[] = [
  color('background', 'page background', 'neutral.50', 'neutral.950', 'neutral.1000'),
  color('surface', 'cards, tables, dialogs', 'neutral.0', 'neutral.900', 'neutral.1000'),
  color('surface-muted', 'table headers, striped rows, wells', 'neutral.100', 'neutral.800', 'neutral.900'),
  color('field', 'input fill', 'neutral.0', 'neutral.950', 'neutral.1000'),
  color('text', 'body text', 'neutral.900', 'neutral.50', 'neutral.0'),
  color('text-muted', 'secondary text, placeholders', 'neutral.600', 'neutral.400', 'neutral.200'),
  color('text-disabled', 'text of disabled controls (exempt from contrast, SC 1.4.3)', 'neutral.400', 'neutral.600', 'neutral.500'),
  color('disabled', 'fill of disabled controls', 'neutral.100', 'neutral.800', 'neutral.900'),
  color('link', 'links', 'brand.700', 'brand.300', 'yellow.200'),
  color('primary', 'primary action fill', 'brand.600', 'brand.400', 'brand.200'),
  color('primary-hover', 'primary action fill while hovered', 'brand.700', 'brand.300', 'brand.100'),
  color('on-primary', 'text on the primary fill', 'neutral.0', 'neutral.950', 'neutral.1000'),
  color('primary-text', 'brand-coloured text: outline buttons, headings', 'brand.700', 'brand.300', 'brand.200'),
  color('selected', 'selected rows, active tabs', 'brand.100', 'brand.800', 'yellow.300'),
  color('on-selected', 'text on a selected fill', 'brand.900', 'brand.50', 'neutral.1000'),
  color('nav', 'navigation bar', 'neutral.0', 'neutral.900', 'neutral.1000'),
  color('on-nav', 'navigation links (also their focus ring)', 'neutral.700', 'neutral.300', 'neutral.0'),
  color('nav-active', 'the current navigation item', 'brand.50', 'brand.900', 'neutral.0'),
  color('on-nav-active', 'text of the current navigation item', 'brand.800', 'brand.100', 'neutral.1000'),
  color('border', 'borders that identify controls (SC 1.4.11)', 'neutral.500', 'neutral.500', 'neutral.200'),
  color('border-subtle', 'decorative dividers (not needed to identify anything)', 'neutral.200', 'neutral.800', 'neutral.400'),
  color('focus-ring', 'keyboard focus indicator', 'brand.600', 'brand.400', 'yellow.300'),
  ...status('success', 'success', 'green'),
  ...status('warning', 'warning', 'amber'),
  ...status('danger', 'danger', 'red'),
  ...status('info', 'information', 'sky'),
  color('chart.1', 'chart series 1', 'brand.600', 'brand.400', 'brand.200'),
  color('chart.2', 'chart series 2', 'teal.600', 'teal.400', 'teal.300'),
  color('chart.3', 'chart series 3', 'orange.600', 'orange.400', 'orange.300'),
  color('chart.4', 'chart series 4', 'pink.600', 'pink.400', 'pink.300'),
  color('chart.5', 'chart series 5', 'violet.600', 'violet.400', 'violet.300'),
  color('chart.6', 'chart series 6', 'green.700', 'green.400', 'green.300'),
  same('font.body', 'fontFamily', 'body font stack', 'font.family.body'),
  same('font.heading', 'fontFamily', 'heading font stack', 'font.family.heading'),
  same('font.mono', 'fontFamily', 'code and figures', 'font.family.mono'),
  same('font-size', 'dimension', 'base font size', 'font.size.base'),
  same('line-height', 'number', 'base line height', 'font.line-height'),
  same('radius.control', 'dimension', 'corner radius of buttons, inputs, badges', 'size.radius.control'),
  same('radius.container', 'dimension', 'corner radius of cards, alerts, tables', 'size.radius.container'),
  role('border-width', 'dimension', 'width of control borders', 'size.border.thin', 'size.border.thin', 'size.border.thick'),
  role('focus-width', 'dimension', 'width of the focus indicator', 'size.focus.normal', 'size.focus.normal', 'size.focus.thick'),
  same('shadow.raised', 'shadow', 'elevation of cards and menus', 'shadow.raised'),
];

/** The role names (paths under `role.`), for validation and tests. */
export const ROLE_NAMES: readonly string[] = ROLES.map((r) => r.name);

/** CSS custom property of a role: `text-muted` → `--erp-text-muted`, `chart.3` → `--erp-chart-3`. */
export function cssVariableOf(roleName: string): string {
  return `--erp-${roleName.replace(/\./g, '-')}`;
}
