import { intlOnce } from './intl-once.ts';

/**
 * Calendar dates (YYYY-MM-DD) and instants, through one module. A calendar date has no time zone;
 * "today" does, so it is always asked for in the debtor's zone.
 */
const DAY_MS = 86_400_000;

function parseDate(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`${isoDate} is not a YYYY-MM-DD date`);
  const [, y, m, d] = match;
  const time = Date.UTC(Number(y), Number(m) - 1, Number(d));
  if (new Date(time).toISOString().slice(0, 10) !== isoDate)
    throw new RangeError(`${isoDate} is not a real date`);
  return time;
}

/** A zone's calendar-date formatter, made once (intl-once.ts); Intl throws for a zone it does not know. */
const dateFormatOf = (timeZone: string) =>
  intlOnce(
    `calendar-date ${timeZone}`,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  );

export function isValidTimeZone(timeZone: string): boolean {
  try {
    dateFormatOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date at `instant` on a wall clock in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = dateFormatOf(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addDays(isoDate: string, days: number): string {
  return new Date(parseDate(isoDate) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / DAY_MS);
}

/** A calendar date written for the reader: "14 December 2026", "14 de diciembre de 2026". */
export function formatDate(isoDate: string, locale: string): string {
  return intlOnce(
    `date ${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
  ).format(new Date(parseDate(isoDate)));
}

export function addSeconds(instant: Date, seconds: number): Date {
  return new Date(instant.getTime() + seconds * 1000);
}

/** An instant on the reader's wall clock: "3 Dec 2026, 14:05", "3 dic 2026, 14:05". */
export function formatDateTime(instant: string, locale: string, timeZone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${instant} is not an instant`);
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  return intlOnce(
    `date-time ${locale} ${zone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }),
  ).format(date);
}
