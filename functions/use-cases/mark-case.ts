import type { CaseRecord } from '../domain/case.ts';
import type { CaseChange } from '../domain/case-updates.ts';
import { CaseChangedError, type Cases, type TimelineEntry } from '../ports/case-store.ts';

/** The step of the jittered wait between two attempts on a case that another writer changed first. */
export const RETRY_STEP_MS = 40;

/**
 * Waits before attempt `attempt + 1` on a case that changed under us: a random time up to
 * `RETRY_STEP_MS × attempt` (full jitter, longer each time), so that writers of one burst (a text, a
 * payment, the workflow moving on) stop meeting each other at the same instant.
 */
export const waitBeforeRetry = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * RETRY_STEP_MS * attempt));

/**
 * Records one fact about a case once (a debtor who needs extra care, emails stopped, texts stopped):
 * the case read afresh, nothing done when it holds already, otherwise the change and its timeline
 * entry written on the version read, read again and retried (after a jittered wait) when another
 * writer got there first.
 */
export async function markCaseOnce(
  store: Pick<Cases, 'getCase' | 'recordAction'>,
  caseId: string,
  mark: {
    holds: (record: CaseRecord) => boolean;
    change: (record: CaseRecord) => Omit<CaseChange, 'timeline'>;
    entry: TimelineEntry;
    attempts: number;
  },
): Promise<CaseRecord> {
  for (let attempt = 1; ; attempt++) {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    if (mark.holds(record)) return record;
    try {
      return await store.recordAction(record, mark.change(record), mark.entry);
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= mark.attempts) throw error;
      await waitBeforeRetry(attempt);
    }
  }
}
