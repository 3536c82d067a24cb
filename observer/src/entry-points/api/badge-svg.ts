/** Shields-style flat SVG badges ("label | message"), text escaped, widths estimated from the text. */

/** Colours of the badge's message side, by what it says. */
export const BADGE_COLOURS = {
  up: '#4c1',
  degraded: '#dfb317',
  pending: '#fe7d37',
  down: '#e05d44',
  maintenance: '#007ec6',
  unknown: '#9f9f9f',
} as const;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** Approximate width of Verdana 11px text (what shields.io renders with). */
function textWidth(text: string): number {
  let width = 0;
  for (const c of text) width += /[mwMW@%]/.test(c) ? 10 : /[A-Z0-9#]/.test(c) ? 7.5 : /[ilj.,:;'|!1]/.test(c) ? 3.5 : 6.5;
  return Math.round(width);
}

export function renderBadge(label: string, message: string, colour: string): string {
  const left = textWidth(label) + 10;
  const right = textWidth(message) + 10;
  const width = left + right;
  const l = escapeXml(label);
  const m = escapeXml(message);
  const c = escapeXml(colour);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${l}: ${m}">` +
    `<title>${l}: ${m}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${c}"/>` +
    `<rect width="${width}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${left / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${left / 2}" y="14">${l}</text>` +
    `<text x="${left + right / 2}" y="15" fill="#010101" fill-opacity=".3">${m}</text><text x="${left + right / 2}" y="14">${m}</text>` +
    `</g></svg>`
  );
}
