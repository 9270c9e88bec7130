import { dayOf, isOutcomeSegment, type OutcomeFacts, outcomeIncrements } from '../domain/outcomes.ts';
import type { Cases } from '../ports/case-store.ts';
import type { Counted, CountedEntry, OutcomeCounters } from '../ports/outcomes.ts';
import { logger } from '../shared/logger.ts';

export type RecordOutcomesPorts = { store: Pick<Cases, 'getCase'>; counters: OutcomeCounters };

/** Reads each case's facts once per batch, however many of its entries the batch brings. */
export function outcomeFactsReader({ store }: Pick<RecordOutcomesPorts, 'store'>) {
  const read = new Map<string, Promise<OutcomeFacts | undefined>>();
  return (caseId: string): Promise<OutcomeFacts | undefined> => {
    let facts = read.get(caseId);
    if (!facts) {
      facts = store.getCase(caseId).then((record) => {
        if (!record || !isOutcomeSegment(record.debtor.segment)) return undefined;
        const commitment = record.plan ? 'plan' : record.pause?.reason === 'promise' ? 'promise' : undefined;
        return {
          segment: record.debtor.segment,
          openedAt: record.openedAt,
          ...(commitment ? { commitment } : {}),
        } satisfies OutcomeFacts;
      });
      facts.catch(() => read.delete(caseId));
      read.set(caseId, facts);
    }
    return facts;
  };
}

/** A timeline entry as the table's stream brings it (its time may be missing from a bad item). */
export type StreamedOutcomeEntry = {
  caseId: string;
  messageKey: string;
  type: string;
  at?: string;
  data?: Record<string, unknown>;
};

/**
 * A stream batch's timeline entries, added to the outcome counters of their days and their cases'
 * segments (issue 12) together (issue 15): one addition per day and segment for the whole batch,
 * each entry once, the counters' mark of the entry making a retried record a no-op. An entry with
 * no time counts for nothing; one of a case gone, or of a segment the counters do not know, is
 * logged and left out, never guessed. Says, for each entry in order, 'counted already' when it
 * was; undefined otherwise.
 */
export async function recordOutcomes(
  entries: readonly StreamedOutcomeEntry[],
  facts: (caseId: string) => Promise<OutcomeFacts | undefined>,
  { counters }: Pick<RecordOutcomesPorts, 'counters'>,
): Promise<(string | undefined)[]> {
  const counting = await Promise.all(entries.map((entry) => countedEntryOf(entry, facts)));
  const counted = counting.filter((entry) => entry !== undefined);
  const first = counted[0];
  if (!first) return entries.map(() => undefined);
  // The batch's shard: concurrent batches spread over a day's counter items, whatever their cases.
  const { duplicates } = await counters.addBatch(
    counted,
    `${first.counted.caseId}#${first.counted.entryKey}`,
  );
  const already = new Set(duplicates.map((entry) => markOf(entry)));
  return counting.map((entry) =>
    entry && already.has(markOf(entry.counted)) ? 'counted already' : undefined,
  );
}

/** What the entry adds to which day and segment; undefined when it counts for nothing. */
async function countedEntryOf(
  entry: StreamedOutcomeEntry,
  facts: (caseId: string) => Promise<OutcomeFacts | undefined>,
): Promise<CountedEntry | undefined> {
  if (!entry.at || Number.isNaN(Date.parse(entry.at))) return undefined;
  const caseFacts = await facts(entry.caseId);
  if (!caseFacts) {
    logger.warn('No segment for a recorded entry: left out of the outcomes', {
      caseId: entry.caseId,
      type: entry.type,
    });
    return undefined;
  }
  const increments = outcomeIncrements(
    { type: entry.type, at: entry.at, ...(entry.data ? { data: entry.data } : {}) },
    caseFacts,
  );
  if (Object.keys(increments).length === 0) return undefined;
  return {
    segment: caseFacts.segment,
    day: dayOf(entry.at),
    increments,
    counted: { caseId: entry.caseId, entryKey: `${entry.at}#${entry.messageKey}` },
  };
}

const markOf = (counted: Counted) => JSON.stringify([counted.caseId, counted.entryKey]);
