import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  CurrencyMismatchError,
  formatMoney,
  minorUnitDigits,
  money,
  subtract,
  toDecimalString,
} from '../../functions/domain/money.ts';

describe('money in integer minor units', () => {
  it('adds and subtracts exactly, whatever the amounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: -1e12, max: 1e12 }), (a, b) => {
        const sum = add(money(a, 'EUR'), money(b, 'EUR'));
        expect(sum.amount).toBe(a + b);
        expect(subtract(sum, money(b, 'EUR')).amount).toBe(a);
      }),
    );
  });

  it('refuses to combine two currencies', () => {
    expect(() => add(money(100, 'EUR'), money(100, 'USD'))).toThrow(CurrencyMismatchError);
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => money(10.5, 'EUR')).toThrow(RangeError);
  });

  it('knows each currency’s minor unit', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('writes exact decimals without going through a float', () => {
    expect(toDecimalString(money(1, 'EUR'))).toBe('0.01');
    expect(toDecimalString(money(-1050, 'GBP'))).toBe('-10.50');
    expect(toDecimalString(money(1235, 'JPY'))).toBe('1235');
    expect(toDecimalString(money(1001, 'KWD'))).toBe('1.001');
    expect(toDecimalString(money(900719925474099, 'USD'))).toBe('9007199254740.99');
  });

  it('formats for the reader’s locale', () => {
    expect(formatMoney(money(123450, 'EUR'), 'en-GB')).toBe('€1,234.50');
    expect(formatMoney(money(123450, 'EUR'), 'es-ES').replace(/\s/g, ' ')).toBe('1234,50 €');
    expect(formatMoney(money(12950, 'GBP'), 'en-GB')).toBe('£129.50');
    expect(formatMoney(money(500, 'JPY'), 'en-US')).toBe('¥500');
  });
});
