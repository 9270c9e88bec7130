import {
  addIncrements,
  dayOf,
  daysOfPeriod,
  type Increments,
  OUTCOME_SEGMENTS,
  type OutcomeFacts,
  type OutcomeSegment,
  outcomeIncrements,
} from '../domain/outcomes.ts';
import type { OutcomeCounters, RecordedEntries } from '../ports/outcomes.ts';

export type RebuildOutcomesPorts = {
  entries: RecordedEntries;
  counters: Pick<OutcomeCounters, 'replaceDay'>;
};

export type RebuildSummary = {
  from: string;
  to: string;
  /** Timeline entries read in the period, and how many of them counted. */
  entriesRead: number;
  entriesCounted: number;
  /** Entries of cases gone or of a segment the outcomes do not know: left out, as the stream does. */
  entriesLeftOut: number;
  /** Days written per segment (with counters), out of the period's days. */
  daysWithCounts: Record<OutcomeSegment, number>;
};

/**
 * The outcome counters of a period rebuilt from the cases' timelines (issue 12): every entry the
 * stream would have counted, through the same rule (outcomeIncrements) with its case's facts as they
 * are now, summed per day and segment; then each day of the period is set to its sum (a day without
 * entries is cleared). For a period that is over: an entry recorded while a day is rebuilt could be
 * counted by the stream and overwritten, so `to` should be yesterday or earlier.
 */
export async function rebuildOutcomes(
  period: { from: string; to: string },
  facts: (caseId: string) => Promise<OutcomeFacts | undefined>,
  { entries, counters }: RebuildOutcomesPorts,
): Promise<RebuildSummary> {
  const days = daysOfPeriod(period.from, period.to);
  const inPeriod = new Set(days);
  const sums = new Map<string, Increments>();
  let entriesRead = 0;
  let entriesCounted = 0;
  let entriesLeftOut = 0;
  for await (const entry of entries.entries()) {
    if (Number.isNaN(Date.parse(entry.at))) continue;
    const day = dayOf(entry.at);
    if (!inPeriod.has(day)) continue;
    entriesRead++;
    const caseFacts = await facts(entry.caseId);
    if (!caseFacts) {
      entriesLeftOut++;
      continue;
    }
    const increments = outcomeIncrements(
      { type: entry.type, at: entry.at, ...(entry.data ? { data: entry.data } : {}) },
      caseFacts,
    );
    if (Object.keys(increments).length === 0) continue;
    entriesCounted++;
    const key = `${caseFacts.segment}|${day}`;
    sums.set(key, addIncrements(sums.get(key) ?? {}, increments));
  }
  const daysWithCounts = Object.fromEntries(OUTCOME_SEGMENTS.map((segment) => [segment, 0])) as Record<
    OutcomeSegment,
    number
  >;
  for (const segment of OUTCOME_SEGMENTS)
    for (const day of days) {
      const counts = sums.get(`${segment}|${day}`) ?? {};
      if (Object.keys(counts).length > 0) daysWithCounts[segment]++;
      await counters.replaceDay(segment, day, counts);
    }
  return { ...period, entriesRead, entriesCounted, entriesLeftOut, daysWithCounts };
}
