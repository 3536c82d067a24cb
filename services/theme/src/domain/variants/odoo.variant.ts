import { BRANDS, NEUTRALS } from '../palette';
import type { VariantDefinition } from './variant';

/** Odoo: plum brand (#714b67), teal links, a brand-coloured top bar, compact and square-ish. */
export const odooVariant: VariantDefinition = {
  name: 'odoo',
  label: 'Odoo',
  description: 'Plum brand with teal links and a brand-coloured navigation bar; compact density.',
  brand: BRANDS.plum,
  neutral: NEUTRALS.gray,
  fonts: {
    body: ['Roboto', 'Noto Sans', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'sans-serif'],
    heading: ['Roboto', 'Noto Sans', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'sans-serif'],
    mono: ['SFMono-Regular', 'Menlo', 'DejaVu Sans Mono', 'monospace'],
  },
  fontSize: 14,
  lineHeight: 1.5,
  radius: { control: 4, container: 6 },
  shadow: { offsetY: 1, blur: 3, alpha: 0.12 },
  roleOverrides: {
    light: {
      link: 'color.teal.700',
      nav: 'color.brand.600',
      'on-nav': 'color.neutral.0',
      'nav-active': 'color.brand.800',
      'on-nav-active': 'color.neutral.0',
    },
    dark: {
      link: 'color.teal.300',
      nav: 'color.brand.900',
      'on-nav': 'color.neutral.100',
      'nav-active': 'color.brand.700',
      'on-nav-active': 'color.neutral.0',
    },
  },
};
