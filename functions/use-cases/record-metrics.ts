import {
  type CaseFacts,
  caseFactsOf,
  type MetricPoint,
  metricPointsOf,
  needsCase,
  type RecordedEntry,
} from '../domain/metrics.ts';
import type { Cases } from '../ports/case-store.ts';
import { logger } from '../shared/logger.ts';

export type RecordMetricsPorts = { store: Pick<Cases, 'getCase'> };

/** Reads each case's facts once, however many of its entries a batch brings. */
export type CaseFactsReader = (caseId: string) => Promise<CaseFacts | undefined>;

/** A reader of case facts for one batch of the stream: one read per case. */
export function caseFactsReader({ store }: RecordMetricsPorts): CaseFactsReader {
  const read = new Map<string, Promise<CaseFacts | undefined>>();
  return (caseId) => {
    let facts = read.get(caseId);
    if (!facts) {
      facts = store.getCase(caseId).then((record) => (record ? caseFactsOf(record) : undefined));
      // A failed read is not kept: the stream retries the record, and the read with it.
      facts.catch(() => read.delete(caseId));
      read.set(caseId, facts);
    }
    return facts;
  };
}

/**
 * What the table recorded on a case, as the contract's data points (functions/domain/metrics.ts):
 * the case is read (once per batch) only for an entry whose points carry its segment. A case that is
 * gone, or of a segment the contract does not know, yields no such point (logged), never a guess.
 */
export async function recordedMetrics(
  entry: RecordedEntry & { caseId: string },
  caseFacts: CaseFactsReader,
): Promise<MetricPoint[]> {
  if (!needsCase(entry)) return metricPointsOf(entry, undefined);
  const facts = await caseFacts(entry.caseId);
  if (!facts) logger.warn('No segment for a recorded entry: its metrics are left out', { type: entry.type });
  return metricPointsOf(entry, facts);
}
