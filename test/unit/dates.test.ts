import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatDate,
  isValidTimeZone,
  localDate,
} from '../../functions/domain/dates.ts';

describe('dates and time zones', () => {
  it('takes "today" on the debtor’s wall clock', () => {
    const instant = new Date('2026-03-01T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-03-01');
    expect(localDate(instant, 'Europe/Madrid')).toBe('2026-03-02');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-03-02');
  });

  it('counts calendar days across month ends, leap days and daylight-saving changes', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // Europe's clocks change on 29 March 2026
    expect(daysBetween('2026-03-28', '2026-04-04')).toBe(7);
    expect(daysBetween('2026-11-10', '2026-11-03')).toBe(-7);
  });

  it('rejects dates that do not exist', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('26-1-1', 1)).toThrow(RangeError);
  });

  it('writes dates for the reader', () => {
    expect(formatDate('2026-12-14', 'en-GB')).toBe('14 December 2026');
    expect(formatDate('2026-12-14', 'es-ES')).toBe('14 de diciembre de 2026');
    expect(formatDate('2026-12-14', 'en-US')).toBe('December 14, 2026');
  });

  it('knows real IANA zones from made-up ones', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
