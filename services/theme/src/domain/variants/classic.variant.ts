import { BRANDS, NEUTRALS } from '../palette';
import type { VariantDefinition } from './variant';

/** Classic: navy and warm stone, serif headings, square corners, a dark navigation bar. */
export const classicVariant: VariantDefinition = {
  name: 'classic',
  label: 'Classic',
  description: 'Ledger navy on warm stone, serif headings, square corners and a dark navigation bar.',
  brand: BRANDS.navy,
  neutral: NEUTRALS.stone,
  fonts: {
    body: ['Verdana', 'DejaVu Sans', 'Geneva', 'sans-serif'],
    heading: ['Georgia', 'DejaVu Serif', 'Times New Roman', 'serif'],
    mono: ['Courier New', 'Liberation Mono', 'monospace'],
  },
  fontSize: 14,
  lineHeight: 1.45,
  radius: { control: 2, container: 2 },
  shadow: { offsetY: 0, blur: 0, alpha: 0 },
  roleOverrides: {
    light: {
      nav: 'color.brand.900',
      'on-nav': 'color.neutral.100',
      'nav-active': 'color.brand.700',
      'on-nav-active': 'color.neutral.0',
    },
  },
};
