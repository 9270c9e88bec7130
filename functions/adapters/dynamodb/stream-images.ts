import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { OutboxItem, PendingMessage, PendingText } from '../../ports/case-store.ts';
import { pendingMessageOfItem } from './stored-email.ts';

/**
 * Items as the table's stream carries them (a record's NewImage, in DynamoDB's JSON), checked at the
 * edge: the filter criteria let only these through, and anything else is undefined here.
 */
const itemOf = (image: Record<string, unknown> | undefined) =>
  image ? unmarshall(image as Record<string, AttributeValue>) : undefined;

/** A waiting outbox item. */
export function outboxItemOfImage(image: Record<string, unknown> | undefined): OutboxItem | undefined {
  const item = itemOf(image);
  if (item?.itemType !== 'outbox' || typeof item.gsi1pk !== 'string') return undefined;
  if (typeof item.caseId !== 'string' || typeof item.messageKey !== 'string') return undefined;
  if (typeof item.dueAt !== 'string' || Number.isNaN(Date.parse(item.dueAt))) return undefined;
  return item as OutboxItem;
}

/** A message the send gate recorded for sending, with what deliverEmail needs to send it. */
export function pendingMessageOfImage(
  image: Record<string, unknown> | undefined,
): PendingMessage | undefined {
  return pendingMessageOfItem(itemOf(image));
}

/** A timeline entry as the stream brings it to recordMetrics: which case, what changed, its type and data. */
export type StreamedEntry = {
  caseId: string;
  /** The entry's id (the batch's log lines name it). */
  messageKey: string;
  change: 'INSERT' | 'MODIFY';
  type: string;
  /** When the entry happened (the outcome counters' day). */
  at?: string;
  data?: Record<string, unknown>;
};

/** A timeline entry, new (INSERT) or changed (MODIFY); anything else is undefined. */
export function timelineEntryOfImage(
  image: Record<string, unknown> | undefined,
  eventName: string | undefined,
): StreamedEntry | undefined {
  if (eventName !== 'INSERT' && eventName !== 'MODIFY') return undefined;
  const item = itemOf(image);
  if (item?.itemType !== 'timeline' || typeof item.caseId !== 'string' || typeof item.type !== 'string')
    return undefined;
  const data = item.data;
  return {
    caseId: item.caseId,
    messageKey: typeof item.entryId === 'string' ? item.entryId : String(item.sk),
    change: eventName,
    type: item.type,
    ...(typeof item.at === 'string' ? { at: item.at } : {}),
    ...(data && typeof data === 'object' && !Array.isArray(data)
      ? { data: data as Record<string, unknown> }
      : {}),
  };
}

/** A text the send gate (or an answer to the debtor) recorded for sending, with what deliverText needs. */
export function pendingTextOfImage(image: Record<string, unknown> | undefined): PendingText | undefined {
  const item = itemOf(image);
  if (item?.itemType !== 'text' || item.status !== 'pending') return undefined;
  if (typeof item.caseId !== 'string' || typeof item.messageKey !== 'string') return undefined;
  if (typeof item.to !== 'string' || typeof item.body !== 'string' || typeof item.recordedAt !== 'string')
    return undefined;
  return item as PendingText;
}
