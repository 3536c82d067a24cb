import { contrastRatio } from '../src/domain/contrast';
import { compileTheme } from '../src/domain/compile-theme';
import { requiredRatio, ROLE_PAIRS } from '../src/domain/contrast-pairs';
import { MODES, type Mode } from '../src/domain/modes';
import { ROLES } from '../src/domain/roles';
import type { ResolvedValue } from '../src/domain/token-values';
import { allVariants, VARIANT_NAMES } from '../src/domain/variants/variant.registry';
import type { Rgba } from '../src/domain/color';

const matrix = VARIANT_NAMES.flatMap((variant) => MODES.map((mode) => [variant, mode] as const));

function compile(variantName: string, mode: Mode) {
  const variant = allVariants().find((v) => v.name === variantName);
  if (!variant) throw new Error(variantName);
  const result = compileTheme({ key: `${variantName}-${mode}`, label: variant.label, variant, mode });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.theme;
}

function colorOf(resolved: Map<string, ResolvedValue>, role: string): Rgba {
  const token = resolved.get(`role.${role}`);
  if (token?.type !== 'color') throw new Error(`role.${role} is not a colour`);
  return token.value;
}

describe('contrast over every variant × mode', () => {
  it('when the matrix is listed, then it has 4 variants × 3 modes', () => {
    expect(matrix).toHaveLength(12);
  });

  it.each(matrix)('when %s is shown in %s mode, then every role pair meets its WCAG threshold', (variant, mode) => {
    const theme = compile(variant, mode);
    const failures: string[] = [];
    for (const pair of ROLE_PAIRS) {
      const fg = colorOf(theme.resolved, pair.foreground);
      const bg = colorOf(theme.resolved, pair.background);
      // The built-in roles are opaque, so the ratio is computed directly from the two resolved colours.
      expect(fg.a).toBe(1);
      expect(bg.a).toBe(1);
      const ratio = contrastRatio(fg, bg);
      const needed = requiredRatio(pair.kind, mode);
      if (ratio < needed) failures.push(`${pair.foreground} on ${pair.background}: ${ratio.toFixed(2)} < ${needed}`);
    }
    expect(failures).toEqual([]);
    expect(theme.audit.pass).toBe(true);
    expect(theme.audit.pairs).toHaveLength(ROLE_PAIRS.length);
  });

  it('when high contrast is checked, then every pair is held to 7:1 (AAA), and light/dark to 4.5:1 text, 3:1 large text and UI', () => {
    for (const pair of ROLE_PAIRS) expect(requiredRatio(pair.kind, 'high-contrast')).toBe(7);
    expect(requiredRatio('text', 'light')).toBe(4.5);
    expect(requiredRatio('large-text', 'dark')).toBe(3);
    expect(requiredRatio('ui', 'light')).toBe(3);
  });

  it('when a pair names a role, then that role exists and is a colour', () => {
    const colorRoles = new Set(ROLES.filter((r) => r.type === 'color').map((r) => r.name));
    for (const pair of ROLE_PAIRS) {
      expect(colorRoles).toContain(pair.foreground);
      expect(colorRoles).toContain(pair.background);
    }
  });

  it('when every colour role is listed, then each is checked in some pair, except the documented exemptions', () => {
    const exempt = new Set(['text-disabled', 'disabled', 'border-subtle']); // SC 1.4.3 exempts disabled controls; dividers are decorative
    const checked = new Set(ROLE_PAIRS.flatMap((p) => [p.foreground, p.background]));
    const unchecked = ROLES.filter((r) => r.type === 'color' && !checked.has(r.name) && !exempt.has(r.name)).map((r) => r.name);
    expect(unchecked).toEqual([]);
  });

  it('when a role is overridden with a low-contrast colour, then the audit fails naming that pair with its ratio', () => {
    const variant = allVariants().find((v) => v.name === 'standard');
    if (!variant) throw new Error('standard');
    const result = compileTheme({
      key: 'x-light',
      label: 'x',
      variant,
      mode: 'light',
      layers: [{ field: 'overrides.light', values: { 'role.text-muted': '{color.neutral.300}' } }],
    });
    if (!result.ok) throw new Error('should compile');
    const failing = result.theme.audit.failures.map((f) => `${f.foreground}/${f.background}`);
    expect(failing).toContain('text-muted/surface');
    const one = result.theme.audit.failures.find((f) => f.background === 'surface');
    expect(one?.ratio).toBeLessThan(4.5);
    expect(one?.required).toBe(4.5);
  });
});
