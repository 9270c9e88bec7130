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
  /** The segment's counters from `from` to `to` (days, inclusive), one per day with any, in order. */
  period(segment: OutcomeSegment, from: string, to: string): Promise<OutcomeDay[]>;
  /** Sets a day's counters of a segment to `counts` (a rebuild), whatever they were; none: the day goes. */
  replaceDay(segment: OutcomeSegment, day: string, counts: Increments): Promise<void>;
}

/** A timeline entry as recorded (what the outcomes count). */
export type RecordedEntry = {
  caseId: string;
  entryId: string;
  type: string;
  at: string;
  data?: Record<string, unknown>;
};

/** Every timeline entry the outcomes count, from every case: what the counters are rebuilt from. */
export interface RecordedEntries {
  entries(): AsyncIterable<RecordedEntry>;
}
