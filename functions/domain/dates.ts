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

/**
 * Each zone's date formatter, made once: building an Intl.DateTimeFormat costs far more than using
 * one, and intake and the outcome counters ask for a date on every case. A zone Intl does not know
 * is remembered as such.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat | null>();
function dateFormatOf(timeZone: string): Intl.DateTimeFormat | null {
  let format = dateFormats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      format = null;
    }
    if (dateFormats.size < 1_000) dateFormats.set(timeZone, format);
  }
  return format;
}

export function isValidTimeZone(timeZone: string): boolean {
  return dateFormatOf(timeZone) !== null;
}

/** The calendar date at `instant` on a wall clock in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const format = dateFormatOf(timeZone);
  if (!format) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
  const parts = format.formatToParts(instant);
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
