import { parseHex, toDtcgColor, type Rgba } from './color';
import type { FlatTokens, TokenType } from './dtcg';
import type { Mode } from './modes';
import { HUES, type Scale } from './palette';
import { ROLES } from './roles';
import type { VariantDefinition } from './variants/variant';

const px = (value: number): { value: number; unit: 'px' } => ({ value, unit: 'px' });

/**
 * The token set of one variant in one mode, before any custom override: base tokens
 * (`color.*`, `font.*`, `size.*`, `shadow.*` — building blocks, never used by components) and the
 * semantic roles (`role.*`) that alias them.
 */
export function baseTokens(variant: VariantDefinition, mode: Mode): FlatTokens {
  const tokens: FlatTokens = new Map();
  const add = (path: string, type: TokenType, value: unknown, description?: string): void => {
    tokens.set(path, { type, value, ...(description ? { description } : {}) });
  };
  const addScale = (hue: string, scale: Partial<Scale> & Record<string, string>): void => {
    for (const [step, hex] of Object.entries(scale)) add(`color.${hue}.${step}`, 'color', toDtcgColor(parseHex(hex) as Rgba));
  };

  addScale('neutral', { '0': '#ffffff', ...variant.neutral, '1000': '#000000' });
  addScale('brand', variant.brand);
  for (const [hue, scale] of Object.entries(HUES)) addScale(hue, scale);

  add('font.family.body', 'fontFamily', variant.fonts.body);
  add('font.family.heading', 'fontFamily', variant.fonts.heading);
  add('font.family.mono', 'fontFamily', variant.fonts.mono);
  add('font.size.base', 'dimension', px(variant.fontSize));
  add('font.line-height', 'number', variant.lineHeight);
  add('size.radius.control', 'dimension', px(variant.radius.control));
  add('size.radius.container', 'dimension', px(variant.radius.container));
  add('size.border.thin', 'dimension', px(1));
  add('size.border.thick', 'dimension', px(2));
  add('size.focus.normal', 'dimension', px(2));
  add('size.focus.thick', 'dimension', px(3));
  add('shadow.raised', 'shadow', raisedShadow(variant, mode));

  for (const role of ROLES) {
    const override = variant.roleOverrides?.[mode]?.[role.name];
    add(`role.${role.name}`, role.type, override ? `{${override}}` : role.defaults[mode], role.description);
  }
  return tokens;
}

function raisedShadow(variant: VariantDefinition, mode: Mode): unknown {
  const alpha = mode === 'light' ? variant.shadow.alpha : mode === 'dark' ? Math.min(1, variant.shadow.alpha * 4) : 0;
  return {
    color: toDtcgColor({ r: 0, g: 0, b: 0, a: alpha }),
    offsetX: px(0),
    offsetY: px(variant.shadow.offsetY),
    blur: px(variant.shadow.blur),
    spread: px(0),
  };
}
