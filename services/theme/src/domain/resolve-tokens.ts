import { aliasTarget, type FlatTokens, type TokenProblem, type TokenType } from './dtcg';
import { colorFrom, shadowLayers, valueSchemaFor, type Dimension, type ResolvedShadow, type ResolvedValue } from './token-values';
import type { DtcgColor, Rgba } from './color';

/** The outcome of resolving every alias in a token set. */
export interface Resolution {
  resolved: Map<string, ResolvedValue>;
  problems: TokenProblem[];
}

/**
 * Resolves every token to a literal: follows aliases (also inside composite shadow members),
 * checks that an alias points at an existing token of the same type, and reports cycles.
 */
export function resolveTokens(tokens: FlatTokens): Resolution {
  const resolved = new Map<string, ResolvedValue>();
  const problems: TokenProblem[] = [];
  const inProgress = new Set<string>();
  const failed = new Set<string>();

  const follow = (from: string, target: string, expected: TokenType): ResolvedValue | undefined => {
    const token = tokens.get(target);
    if (!token) return void problems.push({ path: from, message: `alias {${target}} points to no token` });
    if (token.type !== expected)
      return void problems.push({ path: from, message: `alias {${target}} is a ${token.type}, expected a ${expected}` });
    return resolvePath(target);
  };

  const resolvePath = (path: string): ResolvedValue | undefined => {
    const done = resolved.get(path);
    if (done || failed.has(path)) return done;
    if (inProgress.has(path)) {
      problems.push({ path, message: `alias cycle through ${[...inProgress, path].join(' → ')}` });
      failed.add(path);
      return undefined;
    }
    inProgress.add(path);
    const token = tokens.get(path);
    const result = token ? resolveValue(path, token.type, token.value) : undefined;
    inProgress.delete(path);
    if (result) resolved.set(path, result);
    else failed.add(path);
    return result;
  };

  const resolveValue = (path: string, type: TokenType, value: unknown): ResolvedValue | undefined => {
    const target = aliasTarget(value);
    if (target) return follow(path, target, type);
    const parsed = valueSchemaFor(type).safeParse(value);
    if (!parsed.success) {
      return void problems.push({ path, message: parsed.error.issues.map((i) => i.message).join('; ') || `not a valid ${type}` });
    }
    switch (type) {
      case 'color':
        return { type, value: colorFrom(value as string | DtcgColor) };
      case 'dimension':
        return { type, value: value as Dimension };
      case 'fontFamily':
        return { type, value: Array.isArray(value) ? (value as string[]) : [value as string] };
      case 'fontWeight':
      case 'number':
        return { type, value: value as number };
      case 'shadow':
        return resolveShadow(path, value);
    }
  };

  const color = (path: string, value: unknown): Rgba | undefined => {
    const result = resolveValue(path, 'color', value);
    return result?.type === 'color' ? result.value : undefined;
  };
  const dimension = (path: string, value: unknown): Dimension | undefined => {
    const result = resolveValue(path, 'dimension', value);
    return result?.type === 'dimension' ? result.value : undefined;
  };

  const resolveShadow = (path: string, value: unknown): ResolvedValue | undefined => {
    const layers: ResolvedShadow[] = [];
    for (const layer of shadowLayers(value)) {
      const layerColor = color(path, layer.color);
      const offsetX = dimension(path, layer.offsetX);
      const offsetY = dimension(path, layer.offsetY);
      const blur = dimension(path, layer.blur);
      const spread = dimension(path, layer.spread);
      if (!layerColor || !offsetX || !offsetY || !blur || !spread) return undefined;
      layers.push({ color: layerColor, offsetX, offsetY, blur, spread, inset: layer.inset ?? false });
    }
    return { type: 'shadow', value: layers };
  };

  for (const path of tokens.keys()) resolvePath(path);
  return { resolved, problems };
}
