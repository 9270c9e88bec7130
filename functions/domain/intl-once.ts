/**
 * Intl formatters made once per locale and options. Making an Intl.NumberFormat or DateTimeFormat
 * costs far more than formatting with one, and a page formats a dozen amounts and dates: the
 * portal spent a good part of a page's time making them again (issue 15). The cache is bounded: a
 * key past the bound is made each time, as before.
 */
const made = new Map<string, unknown>();
const MOST = 1_000;

export function intlOnce<T>(key: string, make: () => T): T {
  const kept = made.get(key) as T | undefined;
  if (kept !== undefined) return kept;
  // A locale or zone Intl refuses throws here, every time: nothing is kept for it.
  const value = make();
  if (made.size < MOST) made.set(key, value);
  return value;
}
