import { composite, toHex, type Rgba } from './color';
import { contrastRatio, formatRatio } from './contrast';
import { requiredRatio, ROLE_PAIRS, STANDARD_BY_MODE, type PairKind } from './contrast-pairs';
import { COLOR_SCHEME, type Mode } from './modes';
import type { ResolvedValue } from './token-values';

/** The verdict on one role pair. `ratio` is truncated to two places; the verdict uses the exact value. */
export interface PairResult {
  mode: Mode;
  foreground: string;
  background: string;
  kind: PairKind;
  usage: string;
  ratio: number;
  required: number;
  pass: boolean;
  foregroundColor: string;
  backgroundColor: string;
}

/** The verdict on every role pair of one theme mode. */
export interface ContrastAudit {
  mode: Mode;
  standard: string;
  pass: boolean;
  pairs: PairResult[];
  failures: PairResult[];
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };

/**
 * Checks every pair in `ROLE_PAIRS` against the WCAG 2.2 threshold for its kind and mode. A
 * translucent background is painted over `role.background`, which is painted over the canvas
 * (white for light schemes, black for dark ones); a translucent foreground over that result.
 */
export function auditContrast(resolved: Map<string, ResolvedValue>, mode: Mode): ContrastAudit {
  const colorOf = (role: string): Rgba => {
    const token = resolved.get(`role.${role}`);
    if (token?.type !== 'color') throw new Error(`role.${role} is not a resolved colour`);
    return token.value;
  };
  const canvas = COLOR_SCHEME[mode] === 'light' ? WHITE : BLACK;
  const page = composite(colorOf('background'), canvas);
  const pairs = ROLE_PAIRS.map((pair): PairResult => {
    const background = composite(colorOf(pair.background), page);
    const foreground = composite(colorOf(pair.foreground), background);
    const ratio = contrastRatio(foreground, background);
    const required = requiredRatio(pair.kind, mode);
    return {
      mode,
      ...pair,
      ratio: formatRatio(ratio),
      required,
      pass: ratio >= required,
      foregroundColor: toHex(foreground),
      backgroundColor: toHex(background),
    };
  });
  const failures = pairs.filter((p) => !p.pass);
  return { mode, standard: STANDARD_BY_MODE[mode], pass: failures.length === 0, pairs, failures };
}
