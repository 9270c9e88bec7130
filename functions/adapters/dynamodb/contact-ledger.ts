import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import type {
  ContactLedger,
  ContactRecords,
  DebtorPreferences,
  LedgerSend,
  MessageState,
} from '../../ports/case-store.ts';
import { caseUpdate } from './case-write.ts';
import { cancellationCodes, dynamo } from './client.ts';
import { preferencesOfItem } from './debtor-preferences.ts';
import { queueWrites } from './queues.ts';
import { timelineItem } from './timeline.ts';

/**
 * The debtor's items from 'CONTACTS' to 'UNDELIVERABLE', in one strongly consistent read of their
 * partition: their ledger, their preferences ('PREFERENCES': their language, an opt-out of every
 * email, issue 16) and their address's deliverability.
 */
async function debtorItems(tableName: string, email: string): Promise<Record<string, unknown>[]> {
  const ledgerKey = keys.contactLedger(email);
  const out = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :ledger AND :undeliverable',
      ExpressionAttributeValues: {
        ':pk': ledgerKey.pk,
        ':ledger': ledgerKey.sk,
        ':undeliverable': keys.undeliverable(email).sk,
      },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/**
 * The debtor's contact ledger: their recent sends across all their cases, its version, whether
 * their address is undeliverable (the item beside it) and whether they stopped every email.
 */
function ledgerOf(email: string, items: readonly Record<string, unknown>[]): ContactLedger {
  const ledger = items.find((item) => item.sk === keys.contactLedger(email).sk);
  const undeliverable = items.find((item) => item.sk === keys.undeliverable(email).sk);
  const stopped = items.find((item) => item.sk === keys.debtorPreferences(email).sk)?.emailsStoppedAt;
  return {
    ...(typeof stopped === 'string' ? { emailsStoppedAt: stopped } : {}),
    sends: (ledger?.sends as LedgerSend[] | undefined) ?? [],
    version: (ledger?.version as number | undefined) ?? 0,
    ...(undeliverable
      ? { undeliverable: { since: String(undeliverable.since), reason: String(undeliverable.reason) } }
      : {}),
  };
}

/** How long the intake keeps the ledger it read with the debtor's preferences (see below). */
const PRIMED_LEDGER_MS = 5_000;

/**
 * The intake's reads of the debtor's partition (issue 15). The preferences item lies in the contact
 * ledger's range, so the one Query that gives the debtor's language and opt-out also gives the
 * ledger the intake then plans the friendly reminder with: it is kept for the next `contactLedger`
 * of that address, for a few seconds, and used once. A ledger seconds old is good enough for the
 * plan: the reminder's send asks the rules again, on the ledger's version, as it records the email.
 */
export function dynamoIntakeDebtorReads(
  tableName: string,
): Pick<ContactRecords, 'contactLedger'> & Pick<DebtorPreferences, 'preferencesOf'> {
  const primed = new Map<string, { at: number; ledger: ContactLedger }>();
  return {
    async preferencesOf(email) {
      const items = await debtorItems(tableName, email);
      const now = Date.now();
      for (const [key, kept] of primed) if (now - kept.at >= PRIMED_LEDGER_MS) primed.delete(key);
      primed.set(keys.contactLedger(email).pk, { at: now, ledger: ledgerOf(email, items) });
      return preferencesOfItem(items.find((item) => item.sk === keys.debtorPreferences(email).sk));
    },

    async contactLedger(email) {
      const key = keys.contactLedger(email).pk;
      const kept = primed.get(key);
      primed.delete(key);
      if (kept && Date.now() - kept.at < PRIMED_LEDGER_MS) return kept.ledger;
      return ledgerOf(email, await debtorItems(tableName, email));
    },
  };
}

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
      return ledgerOf(email, await debtorItems(tableName, email));
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
