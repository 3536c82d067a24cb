import fc from 'fast-check';

/** Where a generated value travels: in a JSON body anything goes, in a URL or header only what fits there. */
export type Carrier = 'body' | 'url' | 'header';

/** Strings that have broken services: NUL, lone surrogates, control and direction marks, injection look-alikes. */
const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '😀',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\u202eevil',
  '\ufeffbom',
  'Ω≈ç√∫',
  'İıſK',
  "'; DROP TABLE x; --",
  '" OR 1=1 --',
  '%00',
  '%',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  ' ',
  '',
  '\t\r\n',
  '\\',
  '{}',
  'null',
];

/** Numbers at the edges of every integer and float type the fleet's stores use. */
export const EDGE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  1e-7,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_648,
  -2_147_483_649,
  9_007_199_254_740_991,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e21,
  1e308,
  -1e308,
  5e-324,
];

/** Strings: nasty constants, unicode and raw UTF-16 units (lone surrogates included), and huge ones (kept below URL limits in a URL). */
export function hostileString(carrier: Carrier): fc.Arbitrary<string> {
  const huge = carrier === 'body' ? 60_000 : 3_000;
  const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 12 });
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 2, arbitrary: utf16 },
    { weight: 1, arbitrary: fc.integer({ min: 256, max: huge }).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom(...EDGE_NUMBERS.map(String), 'NaN', 'Infinity', '1e999', '0x1F', '-', '00') },
  );
  return carrier === 'header' ? text.map(toHeaderValue) : text;
}

/** Numbers at the edges, or any double. */
export function hostileNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  );
}

/** Any JSON value of any type (for "wrong type" requests). */
export function anyJson(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1e308,
      '',
      'text',
      [],
      {},
      [1, 'a'],
      { $ne: null },
      JSON.parse('{"__proto__": {"admin": true}}'),
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

/** A header value fetch can send (latin-1, no control characters, no surrounding spaces); what cannot travel is replaced. */
export function toHeaderValue(text: string): string {
  return text
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?')
    .slice(0, 4_000)
    .trim();
}

/** Path segments that are not valid %-encoded UTF-8. */
export const BROKEN_ENCODINGS = ['%E0%A4%A', '%ED%A0%80', '%', '%zz', '%C3', '%FF%FE', 'a%00b'];

/** `text` %-encoded for a URL; a lone surrogate (which has no UTF-8 form) goes as its raw CESU-8 bytes. */
export function encodeForUrl(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.toWellFormed()) + '%ED%A0%80';
  }
}
