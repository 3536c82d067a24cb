import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BuiltInThemes } from '../src/domain/built-in-themes';
import { MODES } from '../src/domain/modes';
import { cssVariableOf, ROLES } from '../src/domain/roles';
import { VARIANT_NAMES } from '../src/domain/variants/variant.registry';

const componentsCss = readFileSync(path.join(__dirname, '../src/public/components.css'), 'utf8');
const withoutComments = componentsCss.replace(/\/\*[\s\S]*?\*\//g, '');
const themes = new BuiltInThemes();
const roleVariables = new Set(ROLES.map((r) => cssVariableOf(r.name)));

describe('theme CSS and the component stylesheet', () => {
  it('when a theme stylesheet is generated, then it defines every role variable once, scoped to its data attribute', () => {
    for (const variant of VARIANT_NAMES) {
      for (const mode of MODES) {
        const css = themes.get(variant, mode)?.files.css.body ?? '';
        expect(css).toContain(`[data-erp-theme="${variant}-${mode}"] {`);
        const defined = [...css.matchAll(/^\s+(--erp-[a-z0-9-]+):/gm)].map((m) => m[1]);
        expect(defined.sort()).toEqual([...roleVariables].sort());
      }
    }
  });

  it('when a theme stylesheet is generated, then no base token leaks into CSS', () => {
    const all = themes.allCss.body;
    expect(all).not.toMatch(/--erp-color-|--erp-size-|--erp-brand/);
  });

  it('when the component stylesheet uses a variable, then it is a role variable', () => {
    const used = new Set([...withoutComments.matchAll(/var\((--[a-z0-9-]+)/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((v) => !roleVariables.has(v as string))).toEqual([]);
  });

  it('when the component stylesheet is read, then it holds no colour literal and no font name', () => {
    expect(withoutComments).not.toMatch(/#[0-9a-f]{3,8}\b/i);
    expect(withoutComments).not.toMatch(/\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color-mix|color)\(/i);
    expect(withoutComments).not.toMatch(/font-family:(?!\s*var\()/);
  });

  it('when system colours appear, then only inside the forced-colors block', () => {
    const forced = withoutComments.indexOf('@media (forced-colors: active)');
    expect(forced).toBeGreaterThan(0);
    expect(withoutComments.slice(0, forced)).not.toMatch(/\b(CanvasText|ButtonText|Highlight|Canvas|ButtonFace)\b/);
  });
});
