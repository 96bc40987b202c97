import { describe, expect, it } from 'vitest';
import { applyBasisPoints, divideRoundHalfUp, formatMoney, toBasisPoints } from '../../src/platform/money.js';

describe('money arithmetic', () => {
  it('rounds half up to the cent', () => {
    expect(divideRoundHalfUp(5, 10)).toBe(1); // 0.5 -> 1
    expect(divideRoundHalfUp(4, 10)).toBe(0);
    expect(divideRoundHalfUp(15, 10)).toBe(2);
    expect(divideRoundHalfUp(-15, 10)).toBe(-2);
  });

  it('applies multipliers in basis points without floats', () => {
    expect(applyBasisPoints(1399, 12_000)).toBe(1679); // 16.788 -> 16.79
    expect(applyBasisPoints(1679, 17_500)).toBe(2938); // 29.3825 -> 29.38
    expect(applyBasisPoints(1, 15_000)).toBe(2); // 1.5 -> 2
    expect(applyBasisPoints(100_000_000, 30_000)).toBe(300_000_000);
  });

  it('converts decimals to basis points and refuses excess precision', () => {
    expect(toBasisPoints(1.45)).toBe(14_500);
    expect(toBasisPoints(0.85)).toBe(8_500);
    expect(() => toBasisPoints(1.23456)).toThrow(RangeError);
  });

  it('formats for people', () => {
    expect(formatMoney(1399, 'USD')).toBe('$13.99');
  });
});
