import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, PENDING_TEXT_PARTITION, TABLE } from '../../contract/table.ts';
import type { PendingText, TextRecords } from '../../ports/case-store.ts';
import { cancellationCodes, dynamo } from './client.ts';
import { timelineItem } from './timeline.ts';

/** A text's marker while it waits for deliverText (status 'pending'), on the index by when it was recorded. */
export function textMarker(
  caseId: string,
  text: Omit<PendingText, 'caseId' | 'recordedAt'>,
  at: string,
  timelineSk: string,
): Record<string, unknown> {
  return {
    ...keys.message(caseId, text.messageKey),
    gsi1pk: PENDING_TEXT_PARTITION,
    gsi1sk: `${at}#${caseId}#${text.messageKey}`,
    itemType: 'text',
    caseId,
    status: 'pending',
    recordedAt: at,
    ...text,
    timelineSk,
  };
}

/** The texts' markers (issue 16): see ports/case-store.ts `TextRecords`. */
export function dynamoTextRecords(tableName: string): TextRecords {
  return {
    async phoneStoppedAt(phone) {
      const out = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.phoneStopped(phone), ConsistentRead: true }),
      );
      return typeof out.Item?.stoppedAt === 'string' ? out.Item.stoppedAt : undefined;
    },

    async markPhoneStopped(phone, at) {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.phoneStopped(phone), itemType: 'phone-stopped', stoppedAt: at },
        }),
      );
    },

    async clearPhoneStopped(phone) {
      await dynamo.send(new DeleteCommand({ TableName: tableName, Key: keys.phoneStopped(phone) }));
    },

    async pendingTexts(recordedBy, limit = 50) {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TABLE.byAccountIndex.name,
          KeyConditionExpression: 'gsi1pk = :pending AND gsi1sk <= :by',
          ExpressionAttributeValues: {
            ':pending': PENDING_TEXT_PARTITION,
            ':by': `${recordedBy.toISOString()}#~`,
          },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).filter((item) => item.status === 'pending') as PendingText[];
    },

    async welcomePending(caseId, messageKey) {
      const out = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.message(caseId, messageKey), ConsistentRead: true }),
      );
      return typeof out.Item?.welcome === 'string';
    },

    async markWelcomeSent(caseId, messageKey) {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.message(caseId, messageKey),
          UpdateExpression: 'REMOVE welcome',
        }),
      );
    },

    async markTextSent(caseId, messageKey, providerMessageId) {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.message(caseId, messageKey),
          UpdateExpression:
            'SET #status = :sent, providerMessageId = :id, sentAt = :at REMOVE deliveringUntil, body, welcome, gsi1pk, gsi1sk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':id': providerMessageId,
            ':at': new Date().toISOString(),
          },
        }),
      );
    },

    async recordServiceText(record, text, entry) {
      const item = textMarker(record.caseId, text, entry.at, timelineItem(record.caseId, entry).sk);
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: tableName, Item: timelineItem(record.caseId, entry) } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },
  };
}
