import { parseHex, type Rgba } from '../src/domain/color';
import { contrastRatio, formatRatio, relativeLuminance } from '../src/domain/contrast';

const hex = (h: string): Rgba => parseHex(h) as Rgba;

describe('WCAG 2.2 contrast math', () => {
  it('when comparing black and white, then luminances are 0 and 1 and the ratio is 21:1 either way round', () => {
    expect(relativeLuminance(hex('#000'))).toBe(0);
    expect(relativeLuminance(hex('#fff'))).toBeCloseTo(1, 10);
    expect(contrastRatio(hex('#000'), hex('#fff'))).toBeCloseTo(21, 10);
    expect(contrastRatio(hex('#fff'), hex('#000'))).toBeCloseTo(21, 10);
  });

  it('when a colour is compared with itself, then the ratio is 1:1', () => {
    expect(contrastRatio(hex('#714b67'), hex('#714b67'))).toBe(1);
  });

  it('when using the well-known reference greys, then #767676 passes 4.5:1 on white and #777777 does not', () => {
    // The classic boundary: #767676 on white is 4.54:1, #777777 is 4.48:1.
    expect(contrastRatio(hex('#767676'), hex('#fff'))).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(hex('#777777'), hex('#fff'))).toBeLessThan(4.5);
    expect(formatRatio(contrastRatio(hex('#777777'), hex('#fff')))).toBe(4.47);
  });

  it('when a channel is at the 0.04045 knee, then the linear segment is used (WCAG 2.2 constant, not 0.03928)', () => {
    // 10/255 = 0.0392 lies below both knees; 11/255 = 0.0431 lies above both — check the formula on either side.
    expect(relativeLuminance({ r: 10, g: 0, b: 0, a: 1 })).toBeCloseTo(0.2126 * (10 / 255 / 12.92), 12);
    expect(relativeLuminance({ r: 11, g: 0, b: 0, a: 1 })).toBeCloseTo(0.2126 * ((11 / 255 + 0.055) / 1.055) ** 2.4, 12);
  });

  it('when the foreground is translucent, then it is composited over the background first', () => {
    const halfBlack: Rgba = { r: 0, g: 0, b: 0, a: 0.5 };
    const blended = contrastRatio(halfBlack, hex('#fff'));
    expect(blended).toBeCloseTo(contrastRatio(hex('#808080'), hex('#fff')), 1);
    expect(blended).toBeLessThan(21);
  });

  it('when a ratio is reported, then it is truncated, never rounded up past a threshold', () => {
    expect(formatRatio(4.4999)).toBe(4.49);
    expect(formatRatio(7)).toBe(7);
  });
});
