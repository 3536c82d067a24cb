import { BRANDS, NEUTRALS } from '../palette';
import type { VariantDefinition } from './variant';

/** Standard: neutral grey, a blue brand and the platform's own fonts — the default. */
export const standardVariant: VariantDefinition = {
  name: 'standard',
  label: 'Standard',
  description: 'Neutral grey with a blue brand and system fonts; the default.',
  brand: BRANDS.blue,
  neutral: NEUTRALS.gray,
  fonts: {
    body: ['system-ui', 'Segoe UI', 'Roboto', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'sans-serif'],
    heading: ['system-ui', 'Segoe UI', 'Roboto', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'sans-serif'],
    mono: ['ui-monospace', 'SFMono-Regular', 'Consolas', 'DejaVu Sans Mono', 'monospace'],
  },
  fontSize: 14,
  lineHeight: 1.5,
  radius: { control: 6, container: 8 },
  shadow: { offsetY: 1, blur: 2, alpha: 0.1 },
};
