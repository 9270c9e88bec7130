import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, OUTBOX_PARTITION, TABLE } from '../../contract/table.ts';
import type { Outbox, OutboxItem } from '../../ports/case-store.ts';
import { dynamo, updateIfStill } from './client.ts';

/** How long a sent or withheld outbox item is kept (real days: it is for people looking into it). */
const DONE_OUTBOX_ITEM_DAYS = 30;

/** Messages and follow-ups that wait until they are due, on the table's index by due time. */
export function dynamoOutbox(tableName: string): Outbox {
  return {
    /** Keeps a message that may not go yet until it is due (the scheduled sender takes it then). */
    async putInOutbox(item) {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.outboxEntry(item.caseId, item.messageKey, item.dueAt),
            itemType: 'outbox',
            ...item,
          },
        }),
      );
    },

    /** The waiting messages due by `now`, oldest first. */
    async dueOutbox(now, limit = 50) {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TABLE.byAccountIndex.name,
          KeyConditionExpression: 'gsi1pk = :outbox AND gsi1sk <= :now',
          ExpressionAttributeValues: { ':outbox': OUTBOX_PARTITION, ':now': `${now.toISOString()}#~` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []) as OutboxItem[];
    },

    /**
     * Takes a message out of the outbox, unless it was put back with a new due time meanwhile. The
     * done item stays a while for whoever looks into a late message, then expires (the timeline keeps
     * what happened to it).
     */
    async removeFromOutbox(item, now) {
      await updateIfStill({
        TableName: tableName,
        Key: {
          pk: keys.case(item.caseId).pk,
          sk: keys.outboxEntry(item.caseId, item.messageKey, item.dueAt).sk,
        },
        UpdateExpression: 'REMOVE gsi1pk, gsi1sk SET #status = :done, #expiresAt = :expiresAt',
        ConditionExpression: 'dueAt = :dueAt',
        ExpressionAttributeNames: { '#status': 'status', '#expiresAt': TABLE.ttlAttribute },
        ExpressionAttributeValues: {
          ':dueAt': item.dueAt,
          ':done': 'done',
          ':expiresAt': Math.floor(now.getTime() / 1000) + DONE_OUTBOX_ITEM_DAYS * 86_400,
        },
      });
    },
  };
}
