import { keys } from '../../contract/table.ts';
import type { TimelineEntry } from '../../ports/case-store.ts';

let lastStamp = '';
let sameMillisecond = 0;

/**
 * The timeline's sort key: the moment of writing, to the millisecond, then a counter for entries
 * written in the same millisecond by this process. Entries that share their `at` (an action and the
 * email acknowledging it) so keep the order they happened in.
 */
export function timelineStamp(now = new Date()): string {
  const iso = now.toISOString();
  sameMillisecond = iso === lastStamp ? sameMillisecond + 1 : 0;
  lastStamp = iso;
  return `${iso}.${String(sameMillisecond).padStart(4, '0')}`;
}

/** The timeline item for an entry of the case, stamped now. */
export const timelineItem = (caseId: string, entry: TimelineEntry) => ({
  ...keys.timelineEntry(caseId, timelineStamp(), entry.entryId),
  itemType: 'timeline',
  caseId,
  ...entry,
});
