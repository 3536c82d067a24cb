import { CSS_TYPE, makeAsset, type Asset } from './asset';
import { compileTheme } from './compile-theme';
import { MODES, type Mode } from './modes';
import { themeModeAssets, type ThemeModeAssets } from './theme-assets';
import { themeKey } from './theme-key';
import { allVariants } from './variants/variant.registry';
import type { VariantDefinition } from './variants/variant';

/** The 4 variants × 3 modes, compiled once at start. */
export class BuiltInThemes {
  private readonly byKey = new Map<string, ThemeModeAssets & { variant: VariantDefinition }>();
  /** Every built-in theme in one stylesheet (each scoped by its data attribute), for pages that show several. */
  readonly allCss: Asset;

  constructor() {
    for (const variant of allVariants()) {
      for (const mode of MODES) {
        const key = themeKey(variant.name, mode);
        const result = compileTheme({ key, label: variant.label, variant, mode });
        if (!result.ok) throw new Error(`built-in theme ${key} does not compile: ${JSON.stringify(result.problems)}`);
        this.byKey.set(key, { ...themeModeAssets(result.theme), variant });
      }
    }
    this.allCss = makeAsset([...this.byKey.values()].map((t) => t.files.css.body).join('\n'), CSS_TYPE);
  }

  /** The assets of `<variant>-<mode>`, or undefined. */
  get(variantName: string, mode: Mode): (ThemeModeAssets & { variant: VariantDefinition }) | undefined {
    return this.byKey.get(themeKey(variantName, mode));
  }

  /** Every built-in theme mode, variant by variant. */
  list(): (ThemeModeAssets & { variant: VariantDefinition })[] {
    return [...this.byKey.values()];
  }
}
