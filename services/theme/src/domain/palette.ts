/** A colour scale, lightest (50) to darkest (950), as sRGB hex. */
export type Scale = Record<'50' | '100' | '200' | '300' | '400' | '500' | '600' | '700' | '800' | '900' | '950', string>;

const scale = (hexes: string): Scale => {
  const [s50, s100, s200, s300, s400, s500, s600, s700, s800, s900, s950] = hexes.split(' ') as [string, ...string[]];
  return {
    '50': s50,
    '100': s100!,
    '200': s200!,
    '300': s300!,
    '400': s400!,
    '500': s500!,
    '600': s600!,
    '700': s700!,
    '800': s800!,
    '900': s900!,
    '950': s950!,
  };
};

/** Neutral scales a variant picks from (cool to warm). */
export const NEUTRALS = {
  gray: scale('#f9fafb #f3f4f6 #e5e7eb #d1d5db #9ca3af #6b7280 #4b5563 #374151 #1f2937 #111827 #030712'),
  slate: scale('#f8fafc #f1f5f9 #e2e8f0 #cbd5e1 #94a3b8 #64748b #475569 #334155 #1e293b #0f172a #020617'),
  stone: scale('#fafaf9 #f5f5f4 #e7e5e4 #d6d3d1 #a8a29e #78716c #57534e #44403c #292524 #1c1917 #0c0a09'),
  zinc: scale('#fafafa #f4f4f5 #e4e4e7 #d4d4d8 #a1a1aa #71717a #52525b #3f3f46 #27272a #18181b #09090b'),
} as const;

/** Brand scales a variant picks from. `plum` is built around Odoo's #714b67, `navy` around a classic ledger blue. */
export const BRANDS = {
  blue: scale('#eff6ff #dbeafe #bfdbfe #93c5fd #60a5fa #3b82f6 #2563eb #1d4ed8 #1e40af #1e3a8a #172554'),
  indigo: scale('#eef2ff #e0e7ff #c7d2fe #a5b4fc #818cf8 #6366f1 #4f46e5 #4338ca #3730a3 #312e81 #1e1b4b'),
  plum: scale('#f7f2f6 #ede3eb #dcc7d7 #c4a3bb #a77b9b #8d5f81 #714b67 #5e3e56 #4b3245 #3a2735 #24171f'),
  navy: scale('#f0f4f8 #d9e2ec #bcccdc #9fb3c8 #829ab1 #627d98 #486581 #334e68 #243b53 #102a43 #0a1929'),
} as const;

/** Hues every variant shares: status colours and chart series. */
export const HUES = {
  green: scale('#f0fdf4 #dcfce7 #bbf7d0 #86efac #4ade80 #22c55e #16a34a #15803d #166534 #14532d #052e16'),
  amber: scale('#fffbeb #fef3c7 #fde68a #fcd34d #fbbf24 #f59e0b #d97706 #b45309 #92400e #78350f #451a03'),
  red: scale('#fef2f2 #fee2e2 #fecaca #fca5a5 #f87171 #ef4444 #dc2626 #b91c1c #991b1b #7f1d1d #450a0a'),
  sky: scale('#f0f9ff #e0f2fe #bae6fd #7dd3fc #38bdf8 #0ea5e9 #0284c7 #0369a1 #075985 #0c4a6e #082f49'),
  teal: scale('#f0fdfa #ccfbf1 #99f6e4 #5eead4 #2dd4bf #14b8a6 #0d9488 #0f766e #115e59 #134e4a #042f2e'),
  violet: scale('#f5f3ff #ede9fe #ddd6fe #c4b5fd #a78bfa #8b5cf6 #7c3aed #6d28d9 #5b21b6 #4c1d95 #2e1065'),
  pink: scale('#fdf2f8 #fce7f3 #fbcfe8 #f9a8d4 #f472b6 #ec4899 #db2777 #be185d #9d174d #831843 #500724'),
  orange: scale('#fff7ed #ffedd5 #fed7aa #fdba74 #fb923c #f97316 #ea580c #c2410c #9a3412 #7c2d12 #431407'),
  yellow: scale('#fefce8 #fef9c3 #fef08a #fde047 #facc15 #eab308 #ca8a04 #a16207 #854d0e #713f12 #422006'),
} as const;
