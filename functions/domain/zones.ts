/**
 * Wall-clock arithmetic in IANA time zones, with Intl only: what a clock in a zone reads at an
 * instant, when a local time of day next comes round (right across daylight-saving changes), and
 * which zones a locale's region may mean.
 */
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export type WallTime = { date: string; minuteOfDay: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function wallParts(instant: Date, timeZone: string) {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** The wall clock in `timeZone` at `instant`: its date and the minute of the day (with seconds as a fraction). */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const p = wallParts(instant, timeZone);
  const date = `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  const ms = instant.getTime() % 1000;
  return { date, minuteOfDay: p.hour * 60 + p.minute + (p.second + (ms < 0 ? ms + 1000 : ms) / 1000) / 60 };
}

/** How far the zone's clock is ahead of UTC at `instant`, in milliseconds. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = wallParts(instant, timeZone);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - (instant.getTime() - (((instant.getTime() % 1000) + 1000) % 1000));
}

/** "HH:MM" as minutes after midnight. */
export function minutesOf(clockTime: string): number {
  const [hours, minutes] = clockTime.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

const compareWall = (a: WallTime, b: WallTime) =>
  a.date === b.date ? a.minuteOfDay - b.minuteOfDay : a.date < b.date ? -1 : 1;

/**
 * The first instant at which the zone's clock reads `minuteOfDay` on `date` or later. Where that
 * time is skipped (the spring-forward gap) it is the instant the clocks jump; where it happens
 * twice (falling back), the first time.
 */
export function instantOfWallTime(date: string, minuteOfDay: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
  const target: WallTime = { date, minuteOfDay };
  // The offsets a day either side cover every transition that could touch this wall time.
  const offsets = [
    ...new Set([-DAY_MS, 0, DAY_MS].map((d) => zoneOffsetMs(new Date(wallAsUtc + d), timeZone))),
  ];
  const exact = offsets
    .map((offset) => wallAsUtc - offset)
    .filter((t) => compareWall(wallTime(new Date(t), timeZone), target) === 0)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  // Skipped: search the gap for the first instant whose wall clock is at or past the target.
  let low = wallAsUtc - Math.max(...offsets);
  let high = wallAsUtc - Math.min(...offsets);
  if (compareWall(wallTime(new Date(low), timeZone), target) >= 0) return new Date(low);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (compareWall(wallTime(new Date(middle), timeZone), target) >= 0) high = middle;
    else low = middle;
  }
  return new Date(high);
}

/** A daily window of local hours, [start, end) in minutes after midnight; end before start wraps past midnight. */
export type DailyWindow = { start: number; end: number };

export function isInsideWindow(instant: Date, timeZone: string, window: DailyWindow): boolean {
  const { minuteOfDay } = wallTime(instant, timeZone);
  if (window.start <= window.end) return minuteOfDay >= window.start && minuteOfDay < window.end;
  return minuteOfDay >= window.start || minuteOfDay < window.end;
}

/** `instant` if it is inside the window in `timeZone`, else the window's next opening. */
export function nextWindowOpening(instant: Date, timeZone: string, window: DailyWindow): Date {
  if (isInsideWindow(instant, timeZone, window)) return instant;
  const { date } = wallTime(instant, timeZone);
  // Today's opening if it is still ahead, else the next day's (two more cover any odd transition).
  for (let day = 0; day <= 3; day++) {
    const opening = instantOfWallTime(addCalendarDays(date, day), window.start, timeZone);
    if (opening.getTime() > instant.getTime() && isInsideWindow(opening, timeZone, window)) return opening;
  }
  throw new Error(
    `No opening of the contact window in ${timeZone} within 3 days of ${instant.toISOString()}`,
  );
}

function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * The zones the region of a BCP 47 locale may mean (Intl.Locale's getTimeZones, Node 24). None when
 * the locale names no region ("en"), so nothing about the debtor's zone is known.
 */
export function plausibleTimeZones(locale: string): string[] {
  try {
    const parsed = new Intl.Locale(locale) as Intl.Locale & { getTimeZones?: () => string[] | undefined };
    if (!parsed.region) return [];
    return [...(parsed.getTimeZones?.() ?? [])];
  } catch {
    return [];
  }
}
