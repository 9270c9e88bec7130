import type { Increments, OutcomeDay, OutcomeSegment } from '../domain/outcomes.ts';

/**
 * The outcome counters (issue 12): per day and segment, kept by atomic additions, read for a period
 * in one Query (never a Scan).
 */
export interface OutcomeCounters {
  /**
   * Adds the increments to the day's item of the segment, once per counted entry (`countedKey`
   * names it): 'duplicate' when that entry was counted already (a retried stream record).
   */
  add(
    segment: OutcomeSegment,
    day: string,
    increments: Increments,
    counted: { caseId: string; entryKey: string },
  ): Promise<'added' | 'duplicate'>;
  /** The segment's counter items from `from` to `to` (days, inclusive), in order. */
  period(segment: OutcomeSegment, from: string, to: string): Promise<OutcomeDay[]>;
}
