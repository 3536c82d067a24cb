/** The DTCG 2025.10 token types this service uses. */
export const TOKEN_TYPES = ['color', 'dimension', 'fontFamily', 'fontWeight', 'number', 'shadow'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** One design token in the DTCG format. `$value` is either a literal of `$type` or an alias `{path.to.token}`. */
export interface DesignToken {
  $type: TokenType;
  $value: unknown;
  $description?: string;
}

/** A DTCG group: tokens and sub-groups by name, plus optional `$type`/`$description`. */
export interface TokenGroup {
  [name: string]: DesignToken | TokenGroup | string | undefined;
}

/** A token flattened to its dot path. */
export interface FlatToken {
  type: TokenType;
  value: unknown;
  description?: string;
}

/** Tokens by dot path (`color.blue.600`), in document order. */
export type FlatTokens = Map<string, FlatToken>;

/** A problem with one token path. */
export interface TokenProblem {
  path: string;
  message: string;
}

const ALIAS = /^\{([^{}$][^{}]*)\}$/;

/** The path inside an alias (`{color.blue.600}` → `color.blue.600`), or undefined when the value is no alias. */
export function aliasTarget(value: unknown): string | undefined {
  return typeof value === 'string' ? ALIAS.exec(value)?.[1] : undefined;
}

function isTokenType(value: unknown): value is TokenType {
  return typeof value === 'string' && (TOKEN_TYPES as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Flattens a DTCG document to dot paths. A token's type is its own `$type` or the nearest group's
 * (DTCG type inheritance); a token with neither, or with an unknown type, is a problem.
 */
export function flattenTokens(doc: TokenGroup): { tokens: FlatTokens; problems: TokenProblem[] } {
  const tokens: FlatTokens = new Map();
  const problems: TokenProblem[] = [];
  const walk = (group: Record<string, unknown>, prefix: string, inherited: unknown): void => {
    const groupType = group.$type ?? inherited;
    for (const [name, node] of Object.entries(group)) {
      if (name.startsWith('$')) continue;
      const path = prefix ? `${prefix}.${name}` : name;
      if (!isObject(node)) {
        problems.push({ path, message: 'expected a token or a group' });
      } else if ('$value' in node) {
        const type = node.$type ?? groupType;
        if (!isTokenType(type)) problems.push({ path, message: `unknown or missing $type ${JSON.stringify(type)}` });
        else
          tokens.set(path, {
            type,
            value: node.$value,
            ...(typeof node.$description === 'string' ? { description: node.$description } : {}),
          });
      } else {
        walk(node, path, groupType);
      }
    }
  };
  walk(doc, '', undefined);
  return { tokens, problems };
}

/** Nests flat tokens back into a DTCG document (each token carries its own `$type`). */
export function nestTokens(tokens: FlatTokens, description?: string): TokenGroup {
  const root: TokenGroup = description ? { $description: description } : {};
  for (const [path, token] of tokens) {
    const names = path.split('.');
    const last = names.pop() as string;
    let group = root;
    for (const name of names) {
      group[name] ??= {};
      group = group[name] as TokenGroup;
    }
    group[last] = { $type: token.type, $value: token.value, ...(token.description ? { $description: token.description } : {}) };
  }
  return root;
}
