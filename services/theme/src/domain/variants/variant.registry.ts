import { classicVariant } from './classic.variant';
import { modernVariant } from './modern.variant';
import { odooVariant } from './odoo.variant';
import { standardVariant } from './standard.variant';
import type { VariantDefinition } from './variant';

/** The built-in variants, one file each. */
export const VARIANT_NAMES = ['odoo', 'standard', 'modern', 'classic'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

const registry = new Map<string, VariantDefinition>();
for (const variant of [odooVariant, standardVariant, modernVariant, classicVariant]) {
  if (registry.has(variant.name)) throw new Error(`duplicate theme variant "${variant.name}"`);
  registry.set(variant.name, variant);
}
for (const name of VARIANT_NAMES) if (!registry.has(name)) throw new Error(`theme variant "${name}" is not registered`);

/** The variant of that name; throws when there is none (names are validated before this is called). */
export function getVariant(name: string): VariantDefinition {
  const variant = registry.get(name);
  if (!variant) throw new Error(`unknown theme variant "${name}"`);
  return variant;
}

/** Every variant, in `VARIANT_NAMES` order. */
export function allVariants(): VariantDefinition[] {
  return VARIANT_NAMES.map(getVariant);
}

/** True when the string names a built-in variant. */
export function isVariantName(value: string): value is VariantName {
  return registry.has(value);
}
