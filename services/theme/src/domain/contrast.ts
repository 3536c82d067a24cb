import { composite, type Rgba } from './color';

/** WCAG 2.2 relative luminance of an opaque sRGB colour (0 for black, 1 for white). */
export function relativeLuminance(color: Rgba): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b);
}

/**
 * WCAG 2.2 contrast ratio (1–21) of a foreground painted on a background. A translucent
 * foreground is composited over the background first; the background must already be opaque.
 */
export function contrastRatio(foreground: Rgba, background: Rgba): number {
  const fg = foreground.a < 1 ? composite(foreground, background) : foreground;
  const l1 = relativeLuminance(fg);
  const l2 = relativeLuminance(background);
  const [hi, lo] = l1 >= l2 ? [l1, l2] : [l2, l1];
  return (hi + 0.05) / (lo + 0.05);
}

/** A ratio as people write it, truncated (never rounded up) to two places: 4.4999 → 4.49. */
export function formatRatio(ratio: number): number {
  return Math.floor(ratio * 100) / 100;
}
