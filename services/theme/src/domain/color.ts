/** An sRGB colour: channels 0–255, alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** A DTCG 2025.10 colour value in the sRGB space (components 0–1). */
export interface DtcgColor {
  colorSpace: 'srgb';
  components: [number, number, number];
  alpha?: number;
  hex?: string;
}

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** Parses #rgb, #rgba, #rrggbb or #rrggbbaa; undefined when it is not one of those. */
export function parseHex(input: string): Rgba | undefined {
  if (!HEX.test(input)) return undefined;
  let hex = input.slice(1);
  if (hex.length <= 4) hex = [...hex].map((c) => c + c).join('');
  const channel = (i: number): number => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { r: channel(0), g: channel(1), b: channel(2), a: hex.length === 8 ? round(channel(3) / 255, 4) : 1 };
}

/** Lower-case #rrggbb, or #rrggbbaa when the colour is not opaque. */
export function toHex(color: Rgba): string {
  const two = (n: number): string => Math.round(n).toString(16).padStart(2, '0');
  const base = `#${two(color.r)}${two(color.g)}${two(color.b)}`;
  return color.a >= 1 ? base : base + two(color.a * 255);
}

/** The DTCG 2025.10 object form of a colour (components rounded to 4 places, with its hex fallback). */
export function toDtcgColor(color: Rgba): DtcgColor {
  const value: DtcgColor = {
    colorSpace: 'srgb',
    components: [round(color.r / 255, 4), round(color.g / 255, 4), round(color.b / 255, 4)],
    hex: toHex({ ...color, a: 1 }),
  };
  if (color.a < 1) value.alpha = color.a;
  return value;
}

/** Reads a DTCG sRGB colour object back into channels. */
export function fromDtcgColor(value: DtcgColor): Rgba {
  const [r, g, b] = value.components;
  return { r: r * 255, g: g * 255, b: b * 255, a: value.alpha ?? 1 };
}

/** `fg` painted over `bg` (source-over alpha compositing); the result is as opaque as `bg`. */
export function composite(fg: Rgba, bg: Rgba): Rgba {
  const a = fg.a + bg.a * (1 - fg.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (f: number, b: number): number => (f * fg.a + b * bg.a * (1 - fg.a)) / a;
  return { r: mix(fg.r, bg.r), g: mix(fg.g, bg.g), b: mix(fg.b, bg.b), a };
}

/** CSS text for a colour: hex when opaque, rgb() with alpha otherwise. */
export function toCss(color: Rgba): string {
  if (color.a >= 1) return toHex(color);
  return `rgb(${Math.round(color.r)} ${Math.round(color.g)} ${Math.round(color.b)} / ${round(color.a, 3)})`;
}

function round(n: number, places: number): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}
