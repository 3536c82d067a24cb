import fc from 'fast-check';
import { EDGE_NUMBERS } from './hostile-values';

/** A JSON Schema (2020-12) node as zod's `toJSONSchema` writes them into an OpenAPI document. */
export type JsonSchema = Record<string, unknown>;

/** Real values by field or parameter name, for rules a schema cannot say (a known currency, an existing id). */
export type KnownValues = Record<string, readonly unknown[]>;

/** What generation needs besides the node: the root for `$ref`s and the known values. */
export interface SchemaContext {
  root: JsonSchema;
  known: KnownValues;
}

const MAX_ITEMS = 3;

/** Resolves a local `$ref` (`#/$defs/X`, `#/components/schemas/X`) against the root document. */
function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  return (node as JsonSchema | undefined) ?? {};
}

/** The value types a node admits. */
function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (typeof schema.type === 'string') return [schema.type];
  return [];
}

/** A valid string for `schema` (format, pattern, length), plain or of any unicode. */
function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = Math.max(min, typeof schema.maxLength === 'number' ? schema.maxLength : min + 30);
  const dates = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date':
      return dates.map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return dates.map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      // only loopback, to a port nothing listens on: a member that calls a URL it was given reaches nothing else
      return fc.webPath().map((path) => `http://127.0.0.1:9${path}`);
  }
  if (typeof schema.pattern === 'string') {
    try {
      // only the declared bounds: a made-up maximum can exclude every match (a 40-character id pattern) and the filter never ends
      const declaredMax = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= declaredMax);
    } catch {
      // a pattern JavaScript cannot compile: plain strings then
    }
  }
  const short = Math.min(max, min + 30);
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: short }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: short }) },
    { weight: 1, arbitrary: fc.constant('é'.repeat(Math.min(max, 20_000))).filter((s) => s.length >= min) },
  );
}

/** A valid number for `schema`: anywhere in its bounds, at its bounds, or at the edges of the stores' types within them. */
function validNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum + 1
        : Number.MIN_SAFE_INTEGER;
  const max =
    typeof schema.maximum === 'number'
      ? schema.maximum
      : typeof schema.exclusiveMaximum === 'number'
        ? schema.exclusiveMaximum - 1
        : Number.MAX_SAFE_INTEGER;
  const low = Math.max(min, Number.MIN_SAFE_INTEGER);
  const high = Math.max(low, Math.min(max, Number.MAX_SAFE_INTEGER));
  const edges = [low, high, ...EDGE_NUMBERS.filter((n) => n >= low && n <= high && (!integer || Number.isInteger(n)))];
  const anywhere = integer ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) }) : fc.double({ min: low, max: high, noNaN: true });
  const small = fc
    .integer({ min: Math.ceil(Math.max(low, -100)), max: Math.floor(Math.min(high, Math.max(low, 0) + 100)) })
    .filter((n) => n >= low && n <= high);
  return fc.oneof(small, anywhere, fc.constantFrom(...edges));
}

/** An object with the schema's properties: required ones always, optional ones sometimes. */
function objectOf(schema: JsonSchema, ctx: SchemaContext): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) model[name] = validNamed(name, property, ctx);
  const names = Object.keys(model);
  const known = names.length > 0 ? fc.record(model, { requiredKeys: names.filter((n) => required.has(n)) }) : fc.constant({});
  if (typeof schema.additionalProperties !== 'object' || schema.additionalProperties === null) return known;
  const keys =
    typeof schema.propertyNames === 'object' && schema.propertyNames !== null
      ? validString(resolve(schema.propertyNames as JsonSchema, ctx.root))
      : fc.string({ minLength: 1, maxLength: 12 });
  const more = fc.dictionary(keys, validFor(schema.additionalProperties as JsonSchema, ctx), { maxKeys: MAX_ITEMS });
  return fc.tuple(known, more).map(([k, m]) => ({ ...m, ...k }));
}

/** A valid value for the field or parameter `name`: mostly one of its known values when there are any. */
export function validNamed(name: string, schema: JsonSchema, ctx: SchemaContext): fc.Arbitrary<unknown> {
  const known = ctx.known[name];
  if (!known?.length) return validFor(schema, ctx);
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: validFor(schema, ctx) });
}

/** A fast-check arbitrary of values that `schema` accepts (best effort: a value may miss a refinement; see {@link KnownValues}). */
export function validFor(node: JsonSchema, ctx: SchemaContext): fc.Arbitrary<unknown> {
  const schema = resolve(node, ctx.root);
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (choices && choices.length > 0) return fc.oneof(...choices.map((choice) => validFor(choice, ctx)));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return validFor(schema.allOf[0] as JsonSchema, ctx);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validFor({ ...schema, type }, ctx)));
  switch (types[0]) {
    case 'string':
      return validString(schema);
    case 'integer':
      return validNumber(schema, true);
    case 'number':
      return validNumber(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.max(minLength, typeof schema.maxItems === 'number' ? Math.min(schema.maxItems, MAX_ITEMS) : MAX_ITEMS);
      return fc.array(validFor((schema.items ?? {}) as JsonSchema, ctx), { minLength, maxLength });
    }
    case 'object':
      return objectOf(schema, ctx);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
