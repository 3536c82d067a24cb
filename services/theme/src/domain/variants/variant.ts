import type { Mode } from '../modes';
import type { Scale } from '../palette';

/**
 * A design variant: its palette, type and shape, and the few roles it maps differently from the
 * defaults in `roles.ts`. Everything else about the theme is shared, so role names never change.
 */
export interface VariantDefinition {
  name: string;
  label: string;
  description: string;
  brand: Scale;
  neutral: Scale;
  fonts: { body: string[]; heading: string[]; mono: string[] };
  /** Base font size in px. */
  fontSize: number;
  lineHeight: number;
  /** Corner radii in px. */
  radius: { control: number; container: number };
  /** Card elevation in light mode (dark mode deepens it, high contrast drops it). */
  shadow: { offsetY: number; blur: number; alpha: number };
  /** Role → token path, per mode, where this variant departs from the defaults. */
  roleOverrides?: Partial<Record<Mode, Record<string, string>>>;
}
