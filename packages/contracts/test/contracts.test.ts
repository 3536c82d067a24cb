import { OrderLines, Sku } from '../src';

describe('wire contracts', () => {
  test('when a sku has spaces or lower case, then it is normalised; when it has bad characters, then it is refused', () => {
    expect(Sku.parse('  acme-tshirt-m ')).toBe('ACME-TSHIRT-M');
    for (const bad of ['ab', 'A--B', '-AB', 'AB_C', 'A'.repeat(65)]) expect(Sku.safeParse(bad).success).toBe(false);
  });

  test('when lines name the same sku twice (in any case), then the second is reported by index', () => {
    const result = OrderLines.safeParse([
      { sku: 'ab-1', quantity: 1 },
      { sku: 'AB-1', quantity: 2 },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [1, 'sku'], message: 'duplicate sku AB-1' })]);
  });

  test('when lines are empty, have unknown fields or bad quantities, then they are refused', () => {
    for (const bad of [[], [{ sku: 'AB-1', quantity: 0 }], [{ sku: 'AB-1', quantity: 1.5 }], [{ sku: 'AB-1', quantity: 1, price: 1 }]]) {
      expect(OrderLines.safeParse(bad).success).toBe(false);
    }
  });
});
