import type { ValueTransformer } from 'typeorm';

/** `numeric` columns arrive from pg as strings; these are small decimals (days, scores), safe as JS numbers. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
