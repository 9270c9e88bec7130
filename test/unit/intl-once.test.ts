import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../functions/domain/dates.ts';
import { intlOnce } from '../../functions/domain/intl-once.ts';
import { formatMoney } from '../../functions/domain/money.ts';

describe('Intl formatters made once (issue 15)', () => {
  it('makes a formatter once per key and gives the same one back', () => {
    let made = 0;
    const make = () => {
      made++;
      return new Intl.NumberFormat('en-GB');
    };
    const first = intlOnce('test en-GB', make);
    expect(intlOnce('test en-GB', make)).toBe(first);
    expect(made).toBe(1);
  });

  it('keeps nothing for what Intl refuses: it refuses it every time', () => {
    const make = () => new Intl.DateTimeFormat('en', { timeZone: 'Mars/Olympus' });
    expect(() => intlOnce('test mars', make)).toThrow(RangeError);
    expect(() => intlOnce('test mars', make)).toThrow(RangeError);
  });

  it('formats as before, whichever locale and currency came first', () => {
    expect(formatMoney({ amount: 123_450, currency: 'EUR' }, 'es-ES')).toBe('1234,50\u00a0€');
    expect(formatMoney({ amount: 123_450, currency: 'EUR' }, 'en-GB')).toBe('€1,234.50');
    expect(formatMoney({ amount: 1_235, currency: 'JPY' }, 'en-GB')).toBe('JP¥1,235');
    expect(formatMoney({ amount: 123_450, currency: 'GBP' }, 'en-GB')).toBe('£1,234.50');
    expect(formatDate('2026-12-14', 'es-ES')).toBe('14 de diciembre de 2026');
    expect(formatDate('2026-12-14', 'en-GB')).toBe('14 December 2026');
    expect(formatDateTime('2026-12-03T14:05:00Z', 'en-GB', 'Europe/Madrid')).toBe('3 Dec 2026, 15:05');
    expect(formatDateTime('2026-12-03T14:05:00Z', 'en-GB', 'Europe/London')).toBe('3 Dec 2026, 14:05');
  });
});
