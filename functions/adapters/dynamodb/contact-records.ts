import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys, PENDING_DELIVERY_PARTITION, TABLE } from '../../contract/table.ts';
import type {
  ContactRecords,
  LedgerSend,
  MessageState,
  PendingMessage,
  TimelineEntry,
} from '../../ports/case-store.ts';
import { caseUpdate } from './case-write.ts';
import { cancellationCodes, dynamo } from './client.ts';
import { timelineItem } from './timeline.ts';

/** The debtor's contact ledger and the markers of each message of a case. */
export function dynamoContactRecords(tableName: string): ContactRecords {
  /** A marker written once, with its timeline entry: false when it was there already. */
  async function putOnce(
    caseId: string,
    key: { pk: string; sk: string },
    fields: Record<string, unknown>,
    entry: TimelineEntry,
  ): Promise<boolean> {
    try {
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...key, itemType: 'message', caseId, recordedAt: entry.at, ...fields },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: tableName, Item: timelineItem(caseId, entry) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  return {
    /** How far a message of the case got: recorded and about to go, sent, or withheld for good. */
    async messageState(caseId, messageKey) {
      const out = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.message(caseId, messageKey), ConsistentRead: true }),
      );
      return out.Item?.status as MessageState | undefined;
    },

    /** The debtor's contact ledger: their recent sends across all their cases, and its version. */
    async contactLedger(email) {
      const out = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.contactLedger(email), ConsistentRead: true }),
      );
      return {
        sends: (out.Item?.sends as LedgerSend[] | undefined) ?? [],
        version: (out.Item?.version as number | undefined) ?? 0,
      };
    },

    /**
     * Records a message that may go, in one transaction: the debtor's ledger with its new send (only
     * if the ledger is still the version the decision read, so two concurrent sends cannot both slip
     * under the cap), the message's marker, the timeline entry, and the case's version (only if the
     * case is still the version the decision read: an opt-out, a pause or a dispute written a moment
     * ago wins, and a concurrent change is stamped after this send). 'ledger-changed' and
     * 'case-changed' mean decide again.
     */
    async recordSend(record, messageKey, ledger, entry, message) {
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.contactLedger(record.debtor.email),
                    itemType: 'contact-ledger',
                    sends: ledger.sends,
                    version: ledger.read.version + 1,
                    expiresAt: ledger.expiresAt,
                  },
                  ConditionExpression:
                    ledger.read.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
                  ...(ledger.read.version === 0
                    ? {}
                    : { ExpressionAttributeValues: { ':version': ledger.read.version } }),
                },
              },
              {
                Put: {
                  TableName: tableName,
                  // What deliverEmail sends (the table's stream brings it the new item), and where its
                  // schedule finds it should the stream not have delivered it.
                  Item: {
                    ...keys.message(record.caseId, messageKey),
                    ...keys.pendingDelivery(record.caseId, messageKey, entry.at),
                    itemType: 'message',
                    caseId: record.caseId,
                    messageKey,
                    status: 'pending',
                    recordedAt: entry.at,
                    to: message.to,
                    email: message.email,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName: tableName, Item: timelineItem(record.caseId, entry) } },
              { Update: caseUpdate(tableName, record.caseId, { guard: { expectVersion: record.version } }) },
            ],
          }),
        );
        return 'recorded';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[1] === 'ConditionalCheckFailed') return 'already-recorded';
        if (codes[0] === 'ConditionalCheckFailed') return 'ledger-changed';
        if (codes[3] === 'ConditionalCheckFailed') return 'case-changed';
        throw error;
      }
    },

    async recordWithheld(record, messageKey, entry) {
      await putOnce(record.caseId, keys.message(record.caseId, messageKey), { status: 'withheld' }, entry);
    },

    recordDeferred(record, messageKey, entry) {
      return putOnce(record.caseId, keys.messageDeferred(record.caseId, messageKey), {}, entry);
    },

    async pendingMessages(recordedBy, limit = 50) {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TABLE.byAccountIndex.name,
          KeyConditionExpression: 'gsi1pk = :pending AND gsi1sk <= :by',
          ExpressionAttributeValues: {
            ':pending': PENDING_DELIVERY_PARTITION,
            ':by': `${recordedBy.toISOString()}#~`,
          },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).filter((item) => item.status === 'pending') as PendingMessage[];
    },

    async markMessageSent(caseId, messageKey, providerMessageId) {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.message(caseId, messageKey),
          // The content went to SES: the marker keeps the fact and the id, not the email.
          UpdateExpression:
            'SET #status = :sent, providerMessageId = :id REMOVE deliveringUntil, email, gsi1pk, gsi1sk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':id': providerMessageId },
        }),
      );
    },
  };
}
