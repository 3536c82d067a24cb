import fc from 'fast-check';
import { anyJson, hostileNumber, hostileString, type Carrier } from './hostile-values';

/** A request before it goes on the wire: values by where they travel. */
export interface RequestValues {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

/** How a valid request is spoiled: one value made hostile (same type) or of another type. */
export type Mutation = 'hostile' | 'wrong-type';

type Part = keyof RequestValues;
interface Spot {
  part: Part;
  path: string[];
  value: unknown;
}

/** Every value of a request that can be replaced: each parameter, and each node of the body (root included). */
function spotsOf(values: RequestValues): Spot[] {
  const spots: Spot[] = [];
  for (const part of ['params', 'query', 'headers'] as const) {
    for (const [name, value] of Object.entries(values[part])) if (value !== undefined) spots.push({ part, path: [name], value });
  }
  if (values.body === undefined) return spots;
  const pending: Array<{ path: string[]; value: unknown }> = [{ path: [], value: values.body }];
  while (pending.length > 0) {
    const { path, value } = pending.pop() as { path: string[]; value: unknown };
    spots.push({ part: 'body', path, value });
    if (typeof value === 'object' && value !== null)
      for (const [key, item] of Object.entries(value)) pending.push({ path: [...path, key], value: item });
  }
  return spots;
}

/** What may replace `value`: a hostile value of its own type (a valid string with NUL or a lone surrogate added, too), or anything. */
function replacementFor(value: unknown, carrier: Carrier, mutation: Mutation): fc.Arbitrary<unknown> {
  if (mutation === 'wrong-type') return carrier === 'body' ? anyJson() : hostileString(carrier);
  if (typeof value === 'number')
    return carrier === 'body' ? hostileNumber() : fc.oneof(hostileNumber().map(String), hostileString(carrier));
  if (typeof value === 'string') {
    const spoiled = fc.constantFrom(`${value}\u0000`, `\u0000${value}`, `${value}\ud800`, `\udc00${value}`);
    return fc.oneof({ weight: 3, arbitrary: spoiled }, { weight: 1, arbitrary: hostileString(carrier) });
  }
  return carrier === 'body' ? anyJson() : hostileString(carrier);
}

/** Writes `replacement` at `spot` into a copy of `values`. */
function replaced(values: RequestValues, spot: Spot, replacement: unknown): RequestValues {
  const copy = structuredClone(values) as RequestValues;
  if (spot.part !== 'body') {
    copy[spot.part][spot.path[0] as string] = replacement;
    return copy;
  }
  if (spot.path.length === 0) return { ...copy, body: replacement };
  let node = copy.body as Record<string, unknown>;
  for (const key of spot.path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[spot.path[spot.path.length - 1] as string] = replacement;
  return copy;
}

/** Valid requests with exactly one value spoiled (see {@link Mutation}); a request with nothing to spoil stays valid. */
export function spoilOne(valid: fc.Arbitrary<RequestValues>, mutation: Mutation): fc.Arbitrary<RequestValues> {
  return valid.chain((values) => {
    const spots = spotsOf(values);
    if (spots.length === 0) return fc.constant(values);
    // strings are what most often slips through (NUL, lone surrogates), so they are spoiled more often
    const strings = spots.filter((spot) => typeof spot.value === 'string');
    const pick =
      strings.length > 0
        ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...strings) }, { weight: 1, arbitrary: fc.constantFrom(...spots) })
        : fc.constantFrom(...spots);
    return pick.chain((spot) => {
      const carrier: Carrier = spot.part === 'body' ? 'body' : spot.part === 'headers' ? 'header' : 'url';
      return replacementFor(spot.value, carrier, mutation).map((replacement) => replaced(values, spot, replacement));
    });
  });
}
