import type { Increments, OutcomeDay, OutcomeSegment } from '../domain/outcomes.ts';

/**
 * The outcome counters (issue 12): per day and segment, kept by atomic additions, read for a period
 * in one Query (never a Scan).
 */
export interface OutcomeCounters {
  /**
   * Adds a stream batch's counted entries to their days' counters together (issue 15), each entry
   * once: every entry's mark and one addition per day and segment (the entries' increments summed)
   * go in one transaction, on the shard `shardKey` picks, so a batch costs a write per entry and
   * per counter item rather than two per entry. The entries counted already (a retried stream
   * record) are left out of the sums and named in `duplicates`; `added` says how many were counted.
   */
  addBatch(
    entries: readonly CountedEntry[],
    shardKey: string,
  ): Promise<{ added: number; duplicates: Counted[] }>;
  /** The segment's counters from `from` to `to` (days, inclusive), one per day with any, in order. */
  period(segment: OutcomeSegment, from: string, to: string): Promise<OutcomeDay[]>;
  /** Sets a day's counters of a segment to `counts` (a rebuild), whatever they were; none: the day goes. */
  replaceDay(segment: OutcomeSegment, day: string, counts: Increments): Promise<void>;
}

/** Names a counted entry (its case, and its key on the case's timeline): what makes it counted once. */
export type Counted = { caseId: string; entryKey: string };

/** A timeline entry to count: the day and segment whose counters its increments are added to. */
export type CountedEntry = { segment: OutcomeSegment; day: string; increments: Increments; counted: Counted };

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
