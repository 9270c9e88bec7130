import { dayOf, isOutcomeSegment, type OutcomeFacts, outcomeIncrements } from '../domain/outcomes.ts';
import type { Cases } from '../ports/case-store.ts';
import type { OutcomeCounters } from '../ports/outcomes.ts';
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

/**
 * A timeline entry the table recorded, added to the outcome counters of its day and its case's
 * segment (issue 12), once: the counters' mark of the entry makes a retried record a no-op. A case
 * gone, or of a segment the counters do not know, is logged and left out, never guessed.
 */
export async function recordOutcome(
  entry: { caseId: string; messageKey: string; type: string; at?: string; data?: Record<string, unknown> },
  facts: (caseId: string) => Promise<OutcomeFacts | undefined>,
  { counters }: Pick<RecordOutcomesPorts, 'counters'>,
): Promise<string | undefined> {
  if (!entry.at || Number.isNaN(Date.parse(entry.at))) return undefined;
  const caseFacts = await facts(entry.caseId);
  if (!caseFacts) {
    logger.warn('No segment for a recorded entry: left out of the outcomes', { type: entry.type });
    return undefined;
  }
  const increments = outcomeIncrements(
    { type: entry.type, at: entry.at, ...(entry.data ? { data: entry.data } : {}) },
    caseFacts,
  );
  if (Object.keys(increments).length === 0) return undefined;
  const outcome = await counters.add(caseFacts.segment, dayOf(entry.at), increments, {
    caseId: entry.caseId,
    entryKey: `${entry.at}#${entry.messageKey}`,
  });
  return outcome === 'duplicate' ? 'counted already' : undefined;
}
