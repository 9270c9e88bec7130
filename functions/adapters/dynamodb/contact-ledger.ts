import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import type { ContactRecords, LedgerSend, MessageState } from '../../ports/case-store.ts';
import { caseUpdate } from './case-write.ts';
import { cancellationCodes, dynamo } from './client.ts';
import { queueWrites } from './queues.ts';
import { timelineItem } from './timeline.ts';

/**
 * The debtor's contact ledger, a call recorded in it, and how far a message got: what a function
 * that judges or records contact without sending an email needs (the checks, the intake, the staff
 * console). Kept apart from the rest of the contact records (contact-records.ts), which record and
 * send emails, so those functions do not bundle the email's compression and its dictionary.
 */
export function dynamoContactLedger(
  tableName: string,
): Pick<ContactRecords, 'messageState' | 'contactLedger' | 'recordContact'> {
  return {
    /** How far a message of the case got: recorded and about to go, sent, or withheld for good. */
    async messageState(caseId, messageKey) {
      const out = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.message(caseId, messageKey), ConsistentRead: true }),
      );
      return out.Item?.status as MessageState | undefined;
    },

    /**
     * The debtor's contact ledger: their recent sends across all their cases, its version, and
     * whether their address is undeliverable (the item beside it), in one read of their partition.
     */
    async contactLedger(email) {
      const ledgerKey = keys.contactLedger(email);
      const undeliverableKey = keys.undeliverable(email);
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          // The debtor's items from 'CONTACTS' to 'UNDELIVERABLE': their ledger, their preferences
          // ('PREFERENCES': an opt-out of every email, issue 16) and their address's deliverability.
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :ledger AND :undeliverable',
          ExpressionAttributeValues: {
            ':pk': ledgerKey.pk,
            ':ledger': ledgerKey.sk,
            ':undeliverable': undeliverableKey.sk,
          },
          ConsistentRead: true,
        }),
      );
      const items = out.Items ?? [];
      const ledger = items.find((item) => item.sk === ledgerKey.sk);
      const undeliverable = items.find((item) => item.sk === undeliverableKey.sk);
      const stopped = items.find((item) => item.sk === keys.debtorPreferences(email).sk)?.emailsStoppedAt;
      return {
        ...(typeof stopped === 'string' ? { emailsStoppedAt: stopped } : {}),
        sends: (ledger?.sends as LedgerSend[] | undefined) ?? [],
        version: (ledger?.version as number | undefined) ?? 0,
        ...(undeliverable
          ? { undeliverable: { since: String(undeliverable.since), reason: String(undeliverable.reason) } }
          : {}),
      };
    },

    async recordContact(record, change, entry, ledger) {
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              ledgerPut(tableName, record.debtor.email, ledger),
              {
                Update: caseUpdate(tableName, record.caseId, {
                  set: { ...change.set, ...(change.reply ? { pendingReply: change.reply } : {}) },
                  ...(change.remove ? { remove: change.remove } : {}),
                  guard: { expectVersion: record.version },
                }),
              },
              { Put: { TableName: tableName, Item: timelineItem(record.caseId, entry) } },
              ...queueWrites(tableName, record.caseId, record.accountId, change.queues),
            ],
          }),
        );
        return 'recorded';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[0] === 'ConditionalCheckFailed') return 'ledger-changed';
        if (codes[1] === 'ConditionalCheckFailed') return 'case-changed';
        throw error;
      }
    },
  };
}

/**
 * The debtor's contact ledger as a send or a reached call leaves it: written only if it is still the
 * version read (a first ledger only if there is none), so two writers cannot both pass under the cap.
 */
export function ledgerPut(
  tableName: string,
  email: string,
  ledger: { read: { version: number }; sends: LedgerSend[]; expiresAt: number },
) {
  const first = ledger.read.version === 0;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.contactLedger(email),
        itemType: 'contact-ledger',
        sends: ledger.sends,
        version: ledger.read.version + 1,
        expiresAt: ledger.expiresAt,
      },
      ConditionExpression: first ? 'attribute_not_exists(pk)' : 'version = :version',
      ...(first ? {} : { ExpressionAttributeValues: { ':version': ledger.read.version } }),
    },
  };
}
