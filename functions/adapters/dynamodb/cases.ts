import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvoiceOverdueDetail, PaymentReceivedDetail } from '../../contract/events.ts';
import { keys } from '../../contract/table.ts';
import { type CaseRecord, type DebtorProfile, invoiceRefOf, isActive, newCase } from '../../domain/case.ts';
import { add, CurrencyMismatchError } from '../../domain/money.ts';
import { paymentEffect } from '../../domain/payment.ts';
import {
  CaseChangedError,
  type Cases,
  type OpenOrJoinOutcome,
  type PaymentOutcome,
  type TimelineEntry,
} from '../../ports/case-store.ts';
import { caseIdsOfAccount, getItemsByKey } from './account-cases.ts';
import { caseItem } from './case-item.ts';
import { readCase, readCases } from './case-read.ts';
import { caseUpdate } from './case-write.ts';
import { cancellationCodes, dynamo, MAX_ATTEMPTS } from './client.ts';
import { leaveQueues, queuesOf, queueWrites } from './queues.ts';
import { timelineItem } from './timeline.ts';

/** An active case: new invoices join it and payments lower its balance. */
const ACTIVE = {
  expression: '#status IN (:open, :held, :placed)',
  names: { '#status': 'status' },
  values: { ':open': 'open', ':held': 'held-for-person', ':placed': 'placed' },
};
const OPEN = { expression: '#status = :open', names: { '#status': 'status' }, values: { ':open': 'open' } };
/** Open, or placed with an agency (issue 14): what the workflow may hand to a person. */
const OPEN_OR_PLACED = {
  expression: '#status IN (:open, :placed)',
  names: { '#status': 'status' },
  values: { ':open': 'open', ':placed': 'placed' },
};

/** The case and its timeline over the single table (the port: ports/case-store.ts `Cases`). */
export function dynamoCases(tableName: string): Cases {
  function getCase(caseId: string): Promise<CaseRecord | undefined> {
    return readCase(tableName, caseId);
  }

  async function mustGetCase(caseId: string): Promise<CaseRecord> {
    const record = await getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} is referenced but does not exist`);
    return record;
  }

  async function getField<T>(key: { pk: string; sk: string }, field: string): Promise<T | undefined> {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return out.Item?.[field] as T | undefined;
  }

  const caseOfInvoice = (invoiceId: string) => getField<string>(keys.invoice(invoiceId), 'caseId');
  const openCaseOf = (accountId: string) => getField<string>(keys.account(accountId), 'openCaseId');

  async function openCaseFor(detail: PaymentReceivedDetail): Promise<string | undefined> {
    if (detail.invoiceId) {
      const caseId = await caseOfInvoice(detail.invoiceId);
      if (caseId) return caseId;
    }
    return openCaseOf(detail.accountId);
  }

  /** A closing write: the case's status, its timeline entry, and the conditions it must meet. */
  async function transactCase(items: ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']) {
    await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
  }

  return {
    getCase,

    async timeline(caseId) {
      const { pk, skPrefix } = keys.timelinePrefix(caseId);
      const items: (TimelineEntry & { caseId: string })[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await dynamo.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        items.push(...((out.Items ?? []) as (TimelineEntry & { caseId: string })[]));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },

    async casesOfAccount(accountId) {
      const records = await readCases(tableName, await caseIdsOfAccount(tableName, accountId));
      return records.sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    },

    async activeCase(accountId, caseId) {
      const id = caseId ?? (await openCaseOf(accountId));
      const record = id ? await getCase(id) : undefined;
      return record && record.accountId === accountId && isActive(record.status) ? record : undefined;
    },

    async openOrJoinCase(
      detail: InvoiceOverdueDetail,
      debtor: DebtorProfile,
      now: Date,
      options: { timeZoneKnown?: boolean } = {},
    ): Promise<OpenOrJoinOutcome> {
      const at = now.toISOString();
      const invoice = invoiceRefOf(detail);
      const opening = {
        invoiceId: detail.invoiceId,
        amountDue: detail.amountDue,
        dueDate: detail.dueDate,
      };
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        // The invoice's item (a repeat) and the account's (its open case, its case count), in one
        // request: a BatchGetItem of both costs what two GetItems do, in one round trip.
        const [invoiceItem, accountItem] = await getItemsByKey(tableName, [
          keys.invoice(detail.invoiceId),
          keys.account(detail.accountId),
        ]);
        const duplicateOf = invoiceItem?.caseId;
        if (typeof duplicateOf === 'string')
          return { outcome: 'duplicate', record: await mustGetCase(duplicateOf) };
        const openCaseId = accountItem?.openCaseId as string | undefined;
        // The invoice item is the idempotency guard: a second delivery of the event finds it.
        const invoiceGuard = (caseId: string) => ({
          Put: {
            TableName: tableName,
            Item: {
              ...keys.invoice(detail.invoiceId),
              itemType: 'invoice',
              accountId: detail.accountId,
              invoiceId: detail.invoiceId,
              receivedAt: at,
              caseId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
        try {
          if (openCaseId) {
            const open = await mustGetCase(openCaseId);
            if (open.balance.currency !== detail.amountDue.currency) {
              throw new CurrencyMismatchError(open.balance.currency, detail.amountDue.currency);
            }
            await transactCase([
              invoiceGuard(openCaseId),
              {
                Update: caseUpdate(tableName, openCaseId, {
                  set: { balance: add(open.balance, detail.amountDue) },
                  append: { invoices: [invoice] },
                  guard: { expectVersion: open.version, when: ACTIVE },
                }),
              },
              {
                Put: {
                  TableName: tableName,
                  Item: timelineItem(openCaseId, {
                    type: 'InvoiceAdded',
                    at,
                    entryId: `invoice-${detail.invoiceId}`,
                    data: opening,
                  }),
                },
              },
            ]);
            return { outcome: 'joined', record: await mustGetCase(openCaseId) };
          }

          const previousCount = (accountItem?.caseCount as number | undefined) ?? 0;
          const record = newCase({
            accountId: detail.accountId,
            caseNumber: previousCount + 1,
            invoice,
            debtor,
            openedAt: at,
            ...(options.timeZoneKnown === false ? { timeZoneKnown: false } : {}),
          });
          const { caseId } = record;
          await transactCase([
            invoiceGuard(caseId),
            {
              Update: {
                TableName: tableName,
                Key: keys.account(detail.accountId),
                UpdateExpression: 'SET openCaseId = :caseId, caseCount = :count, itemType = :type',
                ConditionExpression:
                  'attribute_not_exists(openCaseId) AND (attribute_not_exists(caseCount) OR caseCount = :previous)',
                ExpressionAttributeValues: {
                  ':caseId': caseId,
                  ':count': record.caseNumber,
                  ':previous': previousCount,
                  ':type': 'account',
                },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: caseItem(record),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              // The debtor's cases by email (hashed in the key), for operators: see case-lookups.ts.
              Put: {
                TableName: tableName,
                Item: {
                  ...keys.debtorCase(debtor.email, caseId),
                  itemType: 'debtor-case',
                  caseId,
                  accountId: detail.accountId,
                  openedAt: at,
                },
              },
            },
            // The cases of the debtor's mobile number (hashed in the key): what an inbound text is about.
            ...(debtor.phone ? [phoneCasePut(tableName, debtor.phone, caseId, detail.accountId, at)] : []),
            {
              Put: {
                TableName: tableName,
                Item: timelineItem(caseId, {
                  type: 'CaseOpened',
                  at,
                  entryId: `invoice-${detail.invoiceId}`,
                  data: opening,
                }),
              },
            },
          ]);
          return { outcome: 'opened', record };
        } catch (error) {
          // A concurrent event for the same account or invoice won the race: read again and retry.
          if (cancellationCodes(error)?.includes('ConditionalCheckFailed') && attempt < MAX_ATTEMPTS)
            continue;
          throw error;
        }
      }
      throw new Error(
        `Could not open or join a case for account ${detail.accountId} after ${MAX_ATTEMPTS} attempts`,
      );
    },

    async applyPayment(detail: PaymentReceivedDetail, now: Date): Promise<PaymentOutcome> {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const seen = await dynamo.send(
          new GetCommand({ TableName: tableName, Key: keys.payment(detail.paymentId), ConsistentRead: true }),
        );
        if (seen.Item) {
          const caseId = seen.Item.caseId as string | undefined;
          const record = caseId ? await getCase(caseId) : undefined;
          return record ? { outcome: 'duplicate', record } : { outcome: 'no-open-case' };
        }
        const caseId = await openCaseFor(detail);
        const record = caseId ? await getCase(caseId) : undefined;
        const paymentGuard = {
          TableName: tableName,
          Item: {
            ...keys.payment(detail.paymentId),
            itemType: 'payment',
            ...detail,
            caseId: record && isActive(record.status) ? record.caseId : undefined,
            receivedAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        };
        try {
          if (!record || !isActive(record.status)) {
            // Recorded so a repeat is recognised, but there is nothing to collect against.
            await transactCase([{ Put: paymentGuard }]);
            return { outcome: 'no-open-case' };
          }
          const { balance, credit, reply } = paymentEffect(record, detail, now);
          await transactCase([
            { Put: paymentGuard },
            {
              Update: caseUpdate(tableName, record.caseId, {
                set: { balance, ...(reply ? { pendingReply: reply } : {}) },
                guard: { expectVersion: record.version, when: ACTIVE },
              }),
            },
            {
              Put: {
                TableName: tableName,
                Item: timelineItem(record.caseId, {
                  type: 'PaymentReceived',
                  at: now.toISOString(),
                  entryId: `payment-${detail.paymentId}`,
                  data: {
                    paymentId: detail.paymentId,
                    amount: detail.amount,
                    paidAt: detail.paidAt,
                    balance,
                    ...(credit ? { settlementCredit: credit } : {}),
                  },
                }),
              },
            },
          ]);
          return { outcome: 'applied', record: await mustGetCase(record.caseId) };
        } catch (error) {
          if (cancellationCodes(error)?.includes('ConditionalCheckFailed') && attempt < MAX_ATTEMPTS)
            continue;
          throw error;
        }
      }
      throw new Error(`Could not apply payment ${detail.paymentId} after ${MAX_ATTEMPTS} attempts`);
    },

    async recordAction(record, change, entry) {
      try {
        await transactCase([
          {
            Update: caseUpdate(tableName, record.caseId, {
              set: { ...change.set, ...(change.reply ? { pendingReply: change.reply } : {}) },
              ...(change.remove ? { remove: change.remove } : {}),
              ...(change.bumpCycle ? { bumpCycle: true } : {}),
              guard: { expectVersion: record.version },
            }),
          },
          {
            Put: {
              TableName: tableName,
              Item: timelineItem(record.caseId, entry),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...queueWrites(tableName, record.caseId, record.accountId, change.queues),
          // A corrected address (issue 12): the debtor's cases are found by it too (case-lookups.ts).
          ...(change.debtorEmail
            ? [
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...keys.debtorCase(change.debtorEmail, record.caseId),
                      itemType: 'debtor-case',
                      caseId: record.caseId,
                      accountId: record.accountId,
                      openedAt: record.openedAt,
                    },
                  },
                },
              ]
            : []),
          ...(change.debtorPhone
            ? [phoneCasePut(tableName, change.debtorPhone, record.caseId, record.accountId, record.openedAt)]
            : []),
        ]);
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed')
          throw new CaseChangedError(`Case ${record.caseId} changed since version ${record.version}`);
        throw error;
      }
      return mustGetCase(record.caseId);
    },

    async recordSurveyAnswer(record, entry) {
      try {
        await transactCase([
          {
            Update: caseUpdate(tableName, record.caseId, {
              set: { surveyAnsweredAt: entry.at },
              guard: {
                unversioned:
                  'a closed case has no other writer; the answer is taken once, whatever came before it',
                // Only a closed case is asked how it went.
                when: {
                  expression: 'attribute_not_exists(surveyAnsweredAt) AND #status IN (:paid, :credited)',
                  names: { '#status': 'status' },
                  values: { ':paid': 'paid', ':credited': 'credited' },
                },
              },
            }),
          },
          { Put: { TableName: tableName, Item: timelineItem(record.caseId, entry) } },
        ]);
        return true;
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },

    async closeCase(record, status, entry) {
      const queues = await queuesOf(tableName, record.caseId);
      try {
        await transactCase([
          {
            Update: caseUpdate(tableName, record.caseId, {
              set: { status, closedAt: entry.at },
              remove: ['taskToken', 'taskTokenRef', 'waitingState', 'pendingReply'],
              guard: {
                unversioned:
                  'the workflow closes the case whatever was recorded since it decided to; a retried close finds it closed',
                // Held for a person too: a payment or a write-off closes a case that waits for one (issue 12).
                when: ACTIVE,
              },
            }),
          },
          {
            Update: {
              TableName: tableName,
              Key: keys.account(record.accountId),
              UpdateExpression: 'REMOVE openCaseId',
              ConditionExpression: 'openCaseId = :caseId',
              ExpressionAttributeValues: { ':caseId': record.caseId },
            },
          },
          { Put: { TableName: tableName, Item: timelineItem(record.caseId, entry) } },
          // A closed case needs nobody: it leaves the work queues it is in.
          ...leaveQueues(tableName, record.caseId, record.accountId, queues),
        ]);
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
        throw error;
      }
      // The close is not on a version: a change recorded between that read and the close may have
      // put the case in a queue. None can since (every queue entry is written with a change to a case
      // that is active, or open or placed), so a second read finds the last of them.
      const late = await queuesOf(tableName, record.caseId);
      if (late.length) await transactCase(leaveQueues(tableName, record.caseId, record.accountId, late));
      return true;
    },

    async holdForPerson(record, entry, queue, placement) {
      await transactCase([
        ...queueWrites(tableName, record.caseId, record.accountId, { enter: [queue] }),
        {
          Update: caseUpdate(tableName, record.caseId, {
            set: { status: 'held-for-person', ...(placement ? { agency: placement } : {}) },
            // A reply waiting on the case stays: the wait for a person takes one that closes it (a
            // payment, a credit, a write-off recorded a moment before this hand-over) and keeps others.
            remove: ['taskToken', 'taskTokenRef', 'waitingState'],
            guard: {
              unversioned: 'the workflow hands the case over whatever was recorded since it decided to',
              when: OPEN_OR_PLACED,
            },
          }),
        },
        { Put: { TableName: tableName, Item: timelineItem(record.caseId, entry) } },
      ]);
    },

    async placeWithAgency(record, placement, entry) {
      // Read after the version the placement is written on: a change that puts the case in a queue
      // since moves the version on, and the placement is decided again.
      const queues = await queuesOf(tableName, record.caseId);
      try {
        await transactCase([
          {
            Update: caseUpdate(tableName, record.caseId, {
              set: { status: 'placed', agency: placement },
              remove: ['taskToken', 'taskTokenRef', 'waitingState'],
              // On the version the referral was decided on: a payment, a dispute or a pause recorded
              // since then is decided on again (false), never overtaken (the lives placed a case an
              // instant after its payment in full).
              guard: { expectVersion: record.version, when: OPEN },
            }),
          },
          { Put: { TableName: tableName, Item: timelineItem(record.caseId, entry) } },
          // The agency works it now: it leaves the staff queues it is in (a recall or a return brings it back).
          ...leaveQueues(tableName, record.caseId, record.accountId, queues),
        ]);
        return true;
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },

    async markExecutionStarted(caseId, executionArn, announcedAt) {
      await dynamo.send(
        new UpdateCommand(
          caseUpdate(tableName, caseId, {
            set: { executionArn, ...(announcedAt ? { caseOpenedAnnouncedAt: announcedAt } : {}) },
            bumpVersion: false,
            guard: { unversioned: 'workflow bookkeeping that no decision reads' },
          }),
        ),
      );
    },

    async markAnnounced(caseId, flag, at) {
      await dynamo.send(
        new UpdateCommand(
          caseUpdate(tableName, caseId, {
            set: { [flag]: at },
            bumpVersion: false,
            guard: { unversioned: 'an announcement happened; recording it must not fail on a change since' },
          }),
        ),
      );
    },

    async keepSettlementOffer(caseId, offer) {
      await dynamo.send(
        new UpdateCommand(
          caseUpdate(tableName, caseId, {
            set: { settlementOffer: offer },
            bumpVersion: false,
            guard: {
              unversioned:
                'the final notice that makes the offer is already recorded; the offer goes with it',
            },
          }),
        ),
      );
    },

    async clearNotes(caseId, fields) {
      await dynamo.send(
        new UpdateCommand(
          caseUpdate(tableName, caseId, {
            remove: fields,
            bumpVersion: false,
            guard: { unversioned: 'the email that carried the notes went; forgetting them must not fail' },
          }),
        ),
      );
    },
  };
}

/** The lookup item that finds a case by the debtor's mobile number (an inbound text's sender). */
function phoneCasePut(tableName: string, phone: string, caseId: string, accountId: string, openedAt: string) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.phoneCase(phone, caseId), itemType: 'phone-case', caseId, accountId, openedAt },
    },
  };
}
