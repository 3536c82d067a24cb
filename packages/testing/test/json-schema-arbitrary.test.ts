import fc from 'fast-check';
import { validFor } from '../src/fuzz/json-schema-arbitrary';

describe('valid values for a schema', () => {
  test('when a string has a pattern whose matches are longer than 30 characters and no maxLength, then values are generated (it once looped forever)', () => {
    const schema = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.css$' };
    const values = fc.sample(validFor(schema, { root: {}, known: {} }), 20) as string[];
    expect(values).toHaveLength(20);
    for (const value of values) expect(value).toMatch(new RegExp(schema.pattern));
  });

  test('when a pattern comes with declared lengths, then every value keeps within them', () => {
    const schema = { type: 'string', pattern: '^[a-z]+$', minLength: 3, maxLength: 5 };
    const values = fc.sample(validFor(schema, { root: {}, known: {} }), 50) as string[];
    for (const value of values) expect(value.length >= 3 && value.length <= 5 && /^[a-z]+$/.test(value)).toBe(true);
  });
});
