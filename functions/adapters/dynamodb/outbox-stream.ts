import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { OutboxItem } from '../../ports/case-store.ts';

/**
 * An outbox item as the table's stream carries it (a record's NewImage, in DynamoDB's JSON), or
 * undefined when the image is not a waiting outbox item (the filter criteria let only those through;
 * this is the check at the edge).
 */
export function outboxItemOfImage(image: Record<string, unknown> | undefined): OutboxItem | undefined {
  if (!image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.itemType !== 'outbox' || typeof item.gsi1pk !== 'string') return undefined;
  if (typeof item.caseId !== 'string' || typeof item.messageKey !== 'string') return undefined;
  if (typeof item.dueAt !== 'string' || Number.isNaN(Date.parse(item.dueAt))) return undefined;
  return item as OutboxItem;
}
