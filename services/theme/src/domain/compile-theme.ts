import { toDtcgColor } from './color';
import { auditContrast, type ContrastAudit } from './contrast-audit';
import { generateThemeCss } from './css-generator';
import { nestTokens, type FlatTokens, type TokenGroup, type TokenProblem } from './dtcg';
import { baseTokens } from './base-tokens';
import type { Mode } from './modes';
import { resolveTokens } from './resolve-tokens';
import { valueSchemaFor, type ResolvedValue } from './token-values';
import type { VariantDefinition } from './variants/variant';

/** Token path → new value (a literal of the token's type, or an alias). */
export type TokenOverrides = Record<string, unknown>;

/** One layer of overrides and the field name its problems are reported under. */
export interface OverrideLayer {
  field: string;
  values: TokenOverrides;
}

/** One variant × mode, compiled: tokens, CSS and its contrast verdict. */
export interface CompiledTheme {
  key: string;
  label: string;
  mode: Mode;
  /** The DTCG document with aliases kept. */
  document: TokenGroup;
  /** The same document with every alias replaced by its literal. */
  resolvedDocument: TokenGroup;
  resolved: Map<string, ResolvedValue>;
  css: string;
  audit: ContrastAudit;
}

export type CompileResult = { ok: true; theme: CompiledTheme } | { ok: false; problems: TokenProblem[] };

/**
 * Builds a theme: the variant's tokens for the mode, then each override layer in order (an
 * override may only replace an existing token, with a value valid for that token's type), then
 * alias resolution, CSS generation and the contrast audit.
 */
export function compileTheme(input: {
  key: string;
  label: string;
  variant: VariantDefinition;
  mode: Mode;
  layers?: OverrideLayer[];
}): CompileResult {
  const tokens = baseTokens(input.variant, input.mode);
  const problems: TokenProblem[] = [];
  const fieldOf = new Map<string, string>();
  for (const layer of input.layers ?? []) {
    for (const [path, value] of Object.entries(layer.values)) {
      const field = `${layer.field}[${path}]`;
      const existing = tokens.get(path);
      if (!existing) {
        problems.push({ path: field, message: 'no such token in the base variant' });
        continue;
      }
      const parsed = valueSchemaFor(existing.type).safeParse(value);
      if (!parsed.success) {
        problems.push({ path: field, message: `not a valid ${existing.type}: ${parsed.error.issues.map((i) => i.message).join('; ')}` });
        continue;
      }
      tokens.set(path, { ...existing, value });
      fieldOf.set(path, field);
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const { resolved, problems: aliasProblems } = resolveTokens(tokens);
  if (aliasProblems.length > 0) {
    return { ok: false, problems: aliasProblems.map((p) => ({ path: fieldOf.get(p.path) ?? p.path, message: p.message })) };
  }
  const description = `${input.label} — ${input.mode}. Base tokens (color, font, size, shadow) are building blocks; components use role.* only.`;
  return {
    ok: true,
    theme: {
      key: input.key,
      label: input.label,
      mode: input.mode,
      document: nestTokens(tokens, description),
      resolvedDocument: nestTokens(literalTokens(tokens, resolved), description),
      resolved,
      css: generateThemeCss(input.key, input.label, input.mode, resolved),
      audit: auditContrast(resolved, input.mode),
    },
  };
}

/** The token set with every value replaced by its resolved DTCG literal. */
function literalTokens(tokens: FlatTokens, resolved: Map<string, ResolvedValue>): FlatTokens {
  const out: FlatTokens = new Map();
  for (const [path, token] of tokens) {
    const value = resolved.get(path);
    if (value) out.set(path, { ...token, value: toLiteral(value) });
  }
  return out;
}

function toLiteral(token: ResolvedValue): unknown {
  switch (token.type) {
    case 'color':
      return toDtcgColor(token.value);
    case 'shadow':
      return token.value.map((l) => ({ ...l, color: toDtcgColor(l.color) }));
    default:
      return token.value;
  }
}
