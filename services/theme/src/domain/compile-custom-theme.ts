import { UnprocessableError, ValidationError, type FieldError } from '@erp/errors';
import { compileTheme, type CompiledTheme } from './compile-theme';
import type { PairResult } from './contrast-audit';
import { MODES, type Mode } from './modes';
import { themeKey } from './theme-key';
import { getVariant } from './variants/variant.registry';

/** Overrides as stored: `all` first, then the mode's own. */
export type ModeOverrides = Partial<Record<'all' | Mode, Record<string, unknown>>>;

/**
 * Compiles a custom theme in all three modes. Unknown tokens, values of the wrong type, dangling or
 * circular aliases → 400 naming each field; any role pair below its contrast threshold in any mode →
 * 422 naming every failing pair with its ratio.
 */
export function compileCustomTheme(input: {
  id: string;
  name: string;
  variant: string;
  overrides: ModeOverrides;
}): Record<Mode, CompiledTheme> {
  const variant = getVariant(input.variant);
  const problems = new Map<string, FieldError>();
  const compiled: Partial<Record<Mode, CompiledTheme>> = {};
  for (const mode of MODES) {
    const result = compileTheme({
      key: themeKey(input.id, mode),
      label: input.name,
      variant,
      mode,
      layers: [
        { field: 'overrides.all', values: input.overrides.all ?? {} },
        { field: `overrides.${mode}`, values: input.overrides[mode] ?? {} },
      ],
    });
    if (result.ok) compiled[mode] = result.theme;
    else for (const p of result.problems) problems.set(`${p.path}|${p.message}`, { field: p.path, in: 'body', message: p.message });
  }
  if (problems.size > 0) throw new ValidationError([...problems.values()]);
  const themes = compiled as Record<Mode, CompiledTheme>;
  const failures = MODES.flatMap((mode) => themes[mode].audit.failures);
  if (failures.length > 0) {
    throw new UnprocessableError(
      `Contrast too low for ${failures.length} role ${failures.length === 1 ? 'pair' : 'pairs'}: ${failures.map(describeFailure).join('; ')}`,
      { failures },
      { type: 'contrast-too-low', title: 'Contrast too low' },
    );
  }
  return themes;
}

/** "dark: text-muted on surface is 3.91:1, needs 4.5:1 (text)". */
export function describeFailure(f: PairResult): string {
  return `${f.mode}: ${f.foreground} on ${f.background} is ${f.ratio}:1, needs ${f.required}:1 (${f.kind})`;
}
