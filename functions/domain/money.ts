import { intlOnce } from './intl-once.ts';

/** Money is an integer number of minor units (cents, pence) with an ISO 4217 code; never a float. */
export type Money = { amount: number; currency: string };

export class CurrencyMismatchError extends Error {
  override name = 'CurrencyMismatchError';
  constructor(expected: string, actual: string) {
    super(`amounts in ${expected} and ${actual} cannot be combined`);
  }
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

function assertMinorUnits(value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a whole number of minor units`);
}

export function money(amount: number, currency: string): Money {
  assertMinorUnits(amount);
  return { amount, currency };
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export const isSettled = (balance: Money): boolean => balance.amount <= 0;

/** Digits after the decimal point in the currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorUnitDigits(currency: string): number {
  return intlOnce(
    `digits ${currency}`,
    () =>
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2,
  );
}

/** The exact decimal string of an amount, built from integers so no float rounding can creep in. */
export function toDecimalString({ amount, currency }: Money): string {
  assertMinorUnits(amount);
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const units = Math.abs(amount)
    .toString()
    .padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${units}`;
  return `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/** "€1,234.50", "1234,50 €", "¥1,235" … as the debtor's locale writes it. */
export function formatMoney(value: Money, locale: string): string {
  const format = intlOnce(
    `money ${locale} ${value.currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency }),
  );
  // Intl formats decimal strings exactly (no conversion through a float).
  return format.format(toDecimalString(value) as unknown as number);
}
