import { BRANDS, NEUTRALS } from '../palette';
import type { VariantDefinition } from './variant';

/** Modern: indigo on cool slate, generous radii and soft elevation. */
export const modernVariant: VariantDefinition = {
  name: 'modern',
  label: 'Modern',
  description: 'Indigo on cool slate, rounded corners, soft shadows and roomy type.',
  brand: BRANDS.indigo,
  neutral: NEUTRALS.slate,
  fonts: {
    body: ['Inter', 'Segoe UI Variable', 'system-ui', 'Helvetica Neue', 'Liberation Sans', 'sans-serif'],
    heading: ['Inter', 'Segoe UI Variable', 'system-ui', 'Helvetica Neue', 'Liberation Sans', 'sans-serif'],
    mono: ['JetBrains Mono', 'ui-monospace', 'DejaVu Sans Mono', 'monospace'],
  },
  fontSize: 15,
  lineHeight: 1.6,
  radius: { control: 10, container: 16 },
  shadow: { offsetY: 4, blur: 14, alpha: 0.1 },
  roleOverrides: {
    light: { background: 'color.neutral.100', 'surface-muted': 'color.neutral.50' },
  },
};
