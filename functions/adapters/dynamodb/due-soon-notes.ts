import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DUE_SOON_PARTITION, dueSoonOwner, keys, TABLE } from '../../contract/table.ts';
import type { DueSoonNote } from '../../domain/due-soon.ts';
import type { DueSoonNotes } from '../../ports/case-store.ts';
import { cancellationCodes, dynamo, updateIfStill } from './client.ts';
import { ledgerPut } from './contact-ledger.ts';
import { storedEmail } from './stored-email.ts';

/** How long a note that went (or was dropped) is kept, for whoever looks into it (real days). */
const DONE_NOTE_KEEP_DAYS = 60;

const noteKey = (invoiceId: string) => {
  const { pk, sk } = keys.dueSoonNote(invoiceId, '');
  return { pk, sk };
};

const NOTE_FIELDS = [
  'accountId',
  'invoiceId',
  'amountDue',
  'dueDate',
  'debtor',
  'timeZoneKnown',
  'paymentUrl',
  'sendAt',
  'receivedAt',
] as const;

function noteOf(item: Record<string, unknown>): DueSoonNote {
  return Object.fromEntries(
    NOTE_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as DueSoonNote;
}

/** The notes before a due date (issue 16): one item per invoice, on the index while it waits. */
export function dynamoDueSoonNotes(tableName: string): DueSoonNotes {
  const doneExpiry = (at: Date) => Math.floor(at.getTime() / 1000) + DONE_NOTE_KEEP_DAYS * 86_400;
  return {
    async putDueSoonNote(note) {
      try {
        await dynamo.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.dueSoonNote(note.invoiceId, note.sendAt),
              itemType: 'due-soon-note',
              status: 'waiting',
              ...note,
            },
            // Once per invoice: billing's repeat (or a redelivery) changes nothing.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'stored';
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return 'duplicate';
        throw error;
      }
    },

    async dueSoonNotes(now, limit = 50) {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TABLE.byAccountIndex.name,
          KeyConditionExpression: 'gsi1pk = :notes AND gsi1sk <= :now',
          ExpressionAttributeValues: { ':notes': DUE_SOON_PARTITION, ':now': `${now.toISOString()}#~` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).filter((item) => item.status === 'waiting').map(noteOf);
    },

    async caseOpenedForInvoice(invoiceId) {
      const out = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.invoice(invoiceId), ConsistentRead: true }),
      );
      return out.Item !== undefined;
    },

    async recordDueSoonSend(note, ledger, message) {
      const owner = dueSoonOwner(note.invoiceId);
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              ledgerPut(tableName, note.debtor.email, ledger),
              {
                Put: {
                  TableName: tableName,
                  // What deliverEmail sends (the stream brings it the new item), as for a case's message.
                  Item: {
                    ...keys.message(owner, message.messageKey),
                    ...keys.pendingDelivery(owner, message.messageKey, message.at),
                    itemType: 'message',
                    caseId: owner,
                    invoiceId: note.invoiceId,
                    messageKey: message.messageKey,
                    status: 'pending',
                    recordedAt: message.at,
                    to: message.to,
                    ...storedEmail(message.email),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                // Only while no case was opened for the invoice: an overdue invoice is the ladder's.
                ConditionCheck: {
                  TableName: tableName,
                  Key: keys.invoice(note.invoiceId),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: noteKey(note.invoiceId),
                  UpdateExpression:
                    'SET #status = :sent, sentAt = :at, messageKey = :key, #expiresAt = :expires REMOVE gsi1pk, gsi1sk',
                  ConditionExpression: '#status = :waiting',
                  ExpressionAttributeNames: { '#status': 'status', '#expiresAt': TABLE.ttlAttribute },
                  ExpressionAttributeValues: {
                    ':sent': 'sent',
                    ':waiting': 'waiting',
                    ':at': message.at,
                    ':key': message.messageKey,
                    ':expires': doneExpiry(new Date(message.at)),
                  },
                },
              },
            ],
          }),
        );
        return 'recorded';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[1] === 'ConditionalCheckFailed' || codes[3] === 'ConditionalCheckFailed')
          return 'already-recorded';
        if (codes[2] === 'ConditionalCheckFailed') return 'case-opened';
        if (codes[0] === 'ConditionalCheckFailed') return 'ledger-changed';
        throw error;
      }
    },

    async deferDueSoonNote(note, until, reason) {
      await updateIfStill({
        TableName: tableName,
        Key: noteKey(note.invoiceId),
        UpdateExpression: 'SET gsi1sk = :sk, deferredUntil = :until, deferredBecause = :reason',
        ConditionExpression: '#status = :waiting',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sk': keys.dueSoonNote(note.invoiceId, until.toISOString()).gsi1sk,
          ':until': until.toISOString(),
          ':reason': reason,
          ':waiting': 'waiting',
        },
      });
    },

    async dropDueSoonNote(note, reason, at) {
      await updateIfStill({
        TableName: tableName,
        Key: noteKey(note.invoiceId),
        UpdateExpression:
          'SET #status = :dropped, droppedAt = :at, droppedBecause = :reason, #expiresAt = :expires REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :waiting',
        ExpressionAttributeNames: { '#status': 'status', '#expiresAt': TABLE.ttlAttribute },
        ExpressionAttributeValues: {
          ':dropped': 'dropped',
          ':waiting': 'waiting',
          ':at': at.toISOString(),
          ':reason': reason,
          ':expires': doneExpiry(at),
        },
      });
    },
  };
}
