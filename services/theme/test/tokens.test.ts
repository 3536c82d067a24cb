import { baseTokens } from '../src/domain/base-tokens';
import { compileTheme } from '../src/domain/compile-theme';
import { aliasTarget, flattenTokens, type FlatTokens, type TokenGroup } from '../src/domain/dtcg';
import { MODES } from '../src/domain/modes';
import { resolveTokens } from '../src/domain/resolve-tokens';
import { ROLE_NAMES } from '../src/domain/roles';
import { allVariants, getVariant } from '../src/domain/variants/variant.registry';

const flat = (entries: Array<[string, string, unknown]>): FlatTokens =>
  new Map(entries.map(([path, type, value]) => [path, { type: type as 'color', value }]));

describe('DTCG tokens', () => {
  it('when a token aliases another, then it resolves through the chain to the literal', () => {
    const { resolved, problems } = resolveTokens(
      flat([
        ['color.blue.600', 'color', '#2563eb'],
        ['color.brand', 'color', '{color.blue.600}'],
        ['role.primary', 'color', '{color.brand}'],
      ]),
    );
    expect(problems).toEqual([]);
    expect(resolved.get('role.primary')).toEqual({ type: 'color', value: { r: 0x25, g: 0x63, b: 0xeb, a: 1 } });
  });

  it('when aliases form a cycle, then the cycle is reported and nothing on it resolves', () => {
    const { resolved, problems } = resolveTokens(
      flat([
        ['a', 'color', '{b}'],
        ['b', 'color', '{a}'],
      ]),
    );
    expect(problems.map((p) => p.message).join()).toMatch(/alias cycle/);
    expect(resolved.size).toBe(0);
  });

  it('when an alias points nowhere or at another type, then each is named', () => {
    const { problems } = resolveTokens(
      flat([
        ['size', 'dimension', { value: 4, unit: 'px' }],
        ['x', 'color', '{nope}'],
        ['y', 'color', '{size}'],
      ]),
    );
    expect(problems).toEqual([
      { path: 'x', message: 'alias {nope} points to no token' },
      { path: 'y', message: 'alias {size} is a dimension, expected a color' },
    ]);
  });

  it('when a group sets $type, then its tokens inherit it (DTCG type inheritance)', () => {
    const doc: TokenGroup = { color: { $type: 'color', red: { $value: '#f00' } } as unknown as TokenGroup };
    const { tokens, problems } = flattenTokens(doc);
    expect(problems).toEqual([]);
    expect(tokens.get('color.red')?.type).toBe('color');
  });

  it('when a theme is compiled, then the document round-trips through the DTCG flattener with every $type and $value', () => {
    const result = compileTheme({ key: 'modern-dark', label: 'Modern', variant: getVariant('modern'), mode: 'dark' });
    if (!result.ok) throw new Error('compile');
    const { tokens, problems } = flattenTokens(result.theme.document);
    expect(problems).toEqual([]);
    expect(tokens.get('role.primary')?.value).toBe('{color.brand.400}');
    expect(tokens.get('color.brand.400')?.value).toEqual({ colorSpace: 'srgb', components: [0.5059, 0.549, 0.9725], hex: '#818cf8' });
    const literal = flattenTokens(result.theme.resolvedDocument).tokens;
    for (const [, token] of literal) expect(aliasTarget(token.value)).toBeUndefined();
  });

  it('when any variant × mode is built, then it has exactly the same role names, and roles alias base tokens only', () => {
    for (const variant of allVariants()) {
      for (const mode of MODES) {
        const tokens = baseTokens(variant, mode);
        const roles = [...tokens.keys()].filter((p) => p.startsWith('role.')).map((p) => p.slice(5));
        expect(roles).toEqual([...ROLE_NAMES]);
        for (const [path, token] of tokens) {
          const target = aliasTarget(token.value);
          if (path.startsWith('role.')) expect(target && !target.startsWith('role.')).toBe(true);
          else expect(target).toBeUndefined();
        }
      }
    }
  });
});
