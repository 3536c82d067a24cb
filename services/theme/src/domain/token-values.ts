import { z } from 'zod';
import { fromDtcgColor, parseHex, type DtcgColor, type Rgba } from './color';
import type { TokenType } from './dtcg';

/** A DTCG dimension. */
export interface Dimension {
  value: number;
  unit: 'px' | 'rem';
}

/** A shadow layer with every alias resolved. */
export interface ResolvedShadow {
  color: Rgba;
  offsetX: Dimension;
  offsetY: Dimension;
  blur: Dimension;
  spread: Dimension;
  inset: boolean;
}

/** A token value with aliases resolved, tagged by type. */
export type ResolvedValue =
  | { type: 'color'; value: Rgba }
  | { type: 'dimension'; value: Dimension }
  | { type: 'fontFamily'; value: string[] }
  | { type: 'fontWeight'; value: number }
  | { type: 'number'; value: number }
  | { type: 'shadow'; value: ResolvedShadow[] };

const aliasSchema = z.string().regex(/^\{[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\}$/, 'an alias looks like {group.token}');

const hexSchema = z
  .string()
  .regex(/^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i, 'a colour is #rgb, #rrggbb, #rrggbbaa or a DTCG colour object');

const unit = z.number().min(0).max(1);
/** DTCG 2025.10 colour object; only the sRGB colour space is accepted. */
const dtcgColorSchema = z.strictObject({
  colorSpace: z.literal('srgb'),
  components: z.tuple([unit, unit, unit]),
  alpha: unit.optional(),
  hex: z
    .string()
    .regex(/^#[0-9a-f]{6}$/i)
    .optional(),
});

/** A colour literal: the DTCG object, or the hex string shorthand many tools still write. */
export const colorLiteral = z.union([hexSchema, dtcgColorSchema]);

export const dimensionLiteral = z.strictObject({ value: z.number().finite().min(-1000).max(1000), unit: z.enum(['px', 'rem']) });

/** Font family names are restricted to letters, digits, spaces, `_` and `-`, so they can never break out of CSS. */
const familyName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$/, 'font names use letters, digits, spaces, _ and -');
export const fontFamilyLiteral = z.union([familyName, z.array(familyName).min(1).max(12)]);

const shadowLayer = z.strictObject({
  color: z.union([aliasSchema, colorLiteral]),
  offsetX: z.union([aliasSchema, dimensionLiteral]),
  offsetY: z.union([aliasSchema, dimensionLiteral]),
  blur: z.union([aliasSchema, dimensionLiteral]),
  spread: z.union([aliasSchema, dimensionLiteral]),
  inset: z.boolean().optional(),
});

/** The literal schema of each type (aliases are accepted on top of these, see `valueSchemaFor`). */
const LITERALS: Record<TokenType, z.ZodType> = {
  color: colorLiteral,
  dimension: dimensionLiteral,
  fontFamily: fontFamilyLiteral,
  fontWeight: z.number().int().min(1).max(1000),
  number: z.number().finite().min(-1000).max(1000),
  shadow: z.union([shadowLayer, z.array(shadowLayer).min(1).max(4)]),
};

const WITH_ALIAS = Object.fromEntries(
  Object.entries(LITERALS).map(([type, literal]) => [type, z.union([aliasSchema, literal])]),
) as unknown as Record<TokenType, z.ZodType>;

/** What a token of this type may hold: an alias or a literal. */
export function valueSchemaFor(type: TokenType): z.ZodType {
  return WITH_ALIAS[type];
}

/** A colour literal (already validated) as channels. */
export function colorFrom(literal: string | DtcgColor): Rgba {
  return typeof literal === 'string' ? (parseHex(literal) as Rgba) : fromDtcgColor(literal);
}

/** Layers of a validated shadow literal. */
export function shadowLayers(value: unknown): z.infer<typeof shadowLayer>[] {
  return Array.isArray(value) ? (value as z.infer<typeof shadowLayer>[]) : [value as z.infer<typeof shadowLayer>];
}
