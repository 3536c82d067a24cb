/** The three colour modes every variant ships. */
export const MODES = ['light', 'dark', 'high-contrast'] as const;
export type Mode = (typeof MODES)[number];

/** What a user may ask for: a fixed mode, follow the system, or switch by time of day. */
export const MODE_PREFERENCES = [...MODES, 'system', 'time-of-day'] as const;
export type ModePreference = (typeof MODE_PREFERENCES)[number];

/** The CSS `color-scheme` each mode renders with (the high-contrast mode is dark: white on black). */
export const COLOR_SCHEME: Record<Mode, 'light' | 'dark'> = { light: 'light', dark: 'dark', 'high-contrast': 'dark' };

/** True when the string is one of the three modes. */
export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}
