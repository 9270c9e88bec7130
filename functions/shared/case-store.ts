import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { InvoiceOverdueDetail, PaymentReceivedDetail } from '../contract/events.ts';
import { keys, OUTBOX_PARTITION, TABLE } from '../contract/table.ts';
import {
  type CaseRecord,
  type CaseStatus,
  caseIdFor,
  type DebtorProfile,
  executionNameFor,
  type InvoiceRef,
  isActive,
} from '../domain/case.ts';
import { localDate } from '../domain/dates.ts';
import type { Reply } from '../domain/journey.ts';
import { add, CurrencyMismatchError, isSettled, type Money, subtract } from '../domain/money.ts';
import { type OfferOnCase, settlementCredit } from '../domain/settlement.ts';
import type { FollowUp } from './follow-ups.ts';

// Endpoints come from AWS_ENDPOINT_URL_<SERVICE>, which is how the local runtime points clients at itself.
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** An entry in the case's timeline: immutable, written before the thing it records is acted on. */
export type TimelineEntry = {
  type: string;
  at: string;
  /** Stable id that makes the entry's key unique within the case. */
  entryId: string;
  data?: Record<string, unknown>;
};

const MAX_ATTEMPTS = 5;

/**
 * How long a reply marked as being delivered is left to its deliverer. Past this the deliverer is
 * taken to have crashed, and the next waiting state takes the reply itself.
 */
const DELIVERY_GRACE_MS = 60_000;

export function isBeingDelivered(reply: { deliveringSince?: string }, now = Date.now()): boolean {
  return Boolean(reply.deliveringSince && Date.parse(reply.deliveringSince) > now - DELIVERY_GRACE_MS);
}

/** Set once an event about the case is on the bus, so a retried task does not announce it again. */
export type AnnouncementFlag = 'caseOpenedAnnouncedAt' | 'casePlacedAnnouncedAt' | 'caseResolvedAnnouncedAt';

export type MessageState = 'pending' | 'sent' | 'withheld';
/** One send in a debtor's contact ledger (a real instant). */
export type LedgerSend = { at: string; caseId: string; messageKey: string };
export type ContactLedger = { sends: LedgerSend[]; version: number };
/** A message that may not go yet, with what it needs to be rendered when it is due. */
type OutboxEntry = {
  caseId: string;
  /** Unique within the case: the message's key, or the follow-up's. */
  messageKey: string;
  /** Real instant from which it may go. */
  dueAt: string;
  queuedAt: string;
};
/** An email the contact gate deferred. */
export type OutboxEmail = OutboxEntry & {
  kind: string;
  purpose: string;
  agencyReferralDate?: string;
  extra?: Record<string, unknown>;
};
/** A follow-up of a debtor's action that failed when it was recorded (see follow-ups.ts). */
export type OutboxFollowUp = OutboxEntry & { followUp: FollowUp };
export type OutboxItem = OutboxEmail | OutboxFollowUp;

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

const timelineItem = (caseId: string, entry: TimelineEntry) => ({
  ...keys.timelineEntry(caseId, timelineStamp(), entry.entryId),
  itemType: 'timeline',
  caseId,
  ...entry,
});

/** How long a sent or withheld outbox item is kept (real days: it is for people looking into it). */
const DONE_OUTBOX_ITEM_DAYS = 30;

/** An update guarded by a condition: false when the condition no longer held (someone got there first). */
async function updateIfStill(params: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
  try {
    await dynamo.send(new UpdateCommand(params));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** The case changed between reading it and writing to it (its version moved on): read it again. */
export class CaseChangedError extends Error {
  override name = 'CaseChangedError';
}

function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (error instanceof TransactionCanceledException)
    return error.CancellationReasons?.map((reason) => reason.Code);
  return undefined;
}

export class CaseStore {
  constructor(private readonly tableName: string) {}

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const out = await dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: true }),
    );
    return out.Item as CaseRecord | undefined;
  }

  async timeline(caseId: string): Promise<(TimelineEntry & { caseId: string })[]> {
    const { pk, skPrefix } = keys.timelinePrefix(caseId);
    const items: (TimelineEntry & { caseId: string })[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: this.tableName,
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
  }

  /**
   * One open case per account: opens one, or adds the invoice to the open one. The invoice item is
   * the idempotency guard: a duplicate event changes nothing and reports the case it joined.
   */
  async openOrJoinCase(
    detail: InvoiceOverdueDetail,
    debtor: DebtorProfile,
    now: Date,
    options: { timeZoneKnown?: boolean } = {},
  ): Promise<{ outcome: 'opened' | 'joined' | 'duplicate'; record: CaseRecord }> {
    const at = now.toISOString();
    const invoice: InvoiceRef = {
      invoiceId: detail.invoiceId,
      amountDue: detail.amountDue,
      dueDate: detail.dueDate,
      ...(detail.paymentUrl ? { paymentUrl: detail.paymentUrl } : {}),
      ...(detail.invoiceUrl ? { invoiceUrl: detail.invoiceUrl } : {}),
    };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const duplicateOf = await this.caseOfInvoice(detail.invoiceId);
      if (duplicateOf) return { outcome: 'duplicate', record: await this.mustGetCase(duplicateOf) };

      const account = await dynamo.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.account(detail.accountId),
          ConsistentRead: true,
        }),
      );
      const openCaseId = account.Item?.openCaseId as string | undefined;
      const invoiceGuard = {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.invoice(detail.invoiceId),
            itemType: 'invoice',
            accountId: detail.accountId,
            invoiceId: detail.invoiceId,
            receivedAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      try {
        if (openCaseId) {
          const open = await this.mustGetCase(openCaseId);
          if (open.balance.currency !== detail.amountDue.currency) {
            throw new CurrencyMismatchError(open.balance.currency, detail.amountDue.currency);
          }
          invoiceGuard.Put.Item = {
            ...invoiceGuard.Put.Item,
            caseId: openCaseId,
          } as typeof invoiceGuard.Put.Item;
          await dynamo.send(
            new TransactWriteCommand({
              TransactItems: [
                invoiceGuard,
                {
                  Update: {
                    TableName: this.tableName,
                    Key: keys.case(openCaseId),
                    UpdateExpression:
                      'SET balance = :balance, invoices = list_append(invoices, :invoice), version = version + :one',
                    ConditionExpression: '#status IN (:open, :held) AND version = :version',
                    ExpressionAttributeNames: { '#status': 'status' },
                    ExpressionAttributeValues: {
                      ':balance': add(open.balance, detail.amountDue),
                      ':invoice': [invoice],
                      ':one': 1,
                      ':open': 'open',
                      ':held': 'held-for-person',
                      ':version': open.version,
                    },
                  },
                },
                {
                  Put: {
                    TableName: this.tableName,
                    Item: timelineItem(openCaseId, {
                      type: 'InvoiceAdded',
                      at,
                      entryId: `invoice-${detail.invoiceId}`,
                      data: {
                        invoiceId: detail.invoiceId,
                        amountDue: detail.amountDue,
                        dueDate: detail.dueDate,
                      },
                    }),
                  },
                },
              ],
            }),
          );
          return { outcome: 'joined', record: await this.mustGetCase(openCaseId) };
        }

        const previousCount = (account.Item?.caseCount as number | undefined) ?? 0;
        const caseNumber = previousCount + 1;
        const caseId = caseIdFor(detail.accountId, caseNumber);
        const record: CaseRecord = {
          caseId,
          accountId: detail.accountId,
          caseNumber,
          status: 'open',
          balance: detail.amountDue,
          invoices: [invoice],
          debtor,
          ...(options.timeZoneKnown === false ? { timeZoneKnown: false } : {}),
          openedAt: at,
          executionName: executionNameFor(detail.accountId, caseNumber),
          version: 1,
        };
        invoiceGuard.Put.Item = { ...invoiceGuard.Put.Item, caseId } as typeof invoiceGuard.Put.Item;
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              invoiceGuard,
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.account(detail.accountId),
                  UpdateExpression: 'SET openCaseId = :caseId, caseCount = :count, itemType = :type',
                  ConditionExpression:
                    'attribute_not_exists(openCaseId) AND (attribute_not_exists(caseCount) OR caseCount = :previous)',
                  ExpressionAttributeValues: {
                    ':caseId': caseId,
                    ':count': caseNumber,
                    ':previous': previousCount,
                    ':type': 'account',
                  },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.case(caseId),
                    ...keys.caseByAccount(detail.accountId, at),
                    itemType: 'case',
                    ...record,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: timelineItem(caseId, {
                    type: 'CaseOpened',
                    at,
                    entryId: `invoice-${detail.invoiceId}`,
                    data: {
                      invoiceId: detail.invoiceId,
                      amountDue: detail.amountDue,
                      dueDate: detail.dueDate,
                    },
                  }),
                },
              },
            ],
          }),
        );
        return { outcome: 'opened', record };
      } catch (error) {
        // A concurrent event for the same account or invoice won the race: read again and retry.
        if (cancellationCodes(error)?.includes('ConditionalCheckFailed') && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
    throw new Error(
      `Could not open or join a case for account ${detail.accountId} after ${MAX_ATTEMPTS} attempts`,
    );
  }

  async markExecutionStarted(caseId: string, executionArn: string): Promise<void> {
    await dynamo.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.case(caseId),
        UpdateExpression: 'SET executionArn = :arn',
        ExpressionAttributeValues: { ':arn': executionArn },
      }),
    );
  }

  /**
   * Lowers the open case's balance by a payment, once per paymentId. Returns the case as it is
   * afterwards, or why nothing changed.
   */
  async applyPayment(
    detail: PaymentReceivedDetail,
    now: Date,
  ): Promise<{ outcome: 'applied' | 'duplicate'; record: CaseRecord } | { outcome: 'no-open-case' }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const seen = await dynamo.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.payment(detail.paymentId),
          ConsistentRead: true,
        }),
      );
      if (seen.Item) {
        const caseId = seen.Item.caseId as string | undefined;
        const record = caseId ? await this.getCase(caseId) : undefined;
        return record ? { outcome: 'duplicate', record } : { outcome: 'no-open-case' };
      }
      const caseId = await this.openCaseFor(detail);
      const record = caseId ? await this.getCase(caseId) : undefined;
      const paymentGuard = {
        TableName: this.tableName,
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
          await dynamo.send(new TransactWriteCommand({ TransactItems: [{ Put: paymentGuard }] }));
          return { outcome: 'no-open-case' };
        }
        const afterPayment = subtract(record.balance, detail.amount);
        // A payment that takes up the final notice's settlement offer settles the rest as a credit.
        const credit = settlementCredit(
          record.settlementOffer,
          afterPayment,
          localDate(now, record.debtor.timeZone),
        );
        const balance = credit ? subtract(afterPayment, credit) : afterPayment;
        // Settled: the waiting state (now or the next one) is told the case is paid.
        const reply: Reply | undefined = isSettled(balance)
          ? { id: `payment-${detail.paymentId}`, outcome: 'paid', paymentId: detail.paymentId }
          : undefined;
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: paymentGuard },
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.case(record.caseId),
                  UpdateExpression: `SET balance = :balance, version = version + :one${reply ? ', pendingReply = :reply' : ''}`,
                  ConditionExpression: '#status IN (:open, :held) AND version = :version',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ...(reply ? { ':reply': reply } : {}),
                    ':balance': balance,
                    ':one': 1,
                    ':open': 'open',
                    ':held': 'held-for-person',
                    ':version': record.version,
                  },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
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
            ],
          }),
        );
        return { outcome: 'applied', record: await this.mustGetCase(record.caseId) };
      } catch (error) {
        if (cancellationCodes(error)?.includes('ConditionalCheckFailed') && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
    throw new Error(`Could not apply payment ${detail.paymentId} after ${MAX_ATTEMPTS} attempts`);
  }

  /**
   * The waiting state takes its turn: it keeps its task token, unless a reply is already waiting
   * for it (an action or a payment that came while no state was waiting). Then it gets that reply
   * and answers its own token. Either order ends with the workflow told exactly once.
   */
  async claimTurn(
    caseId: string,
    token: string,
    waitingState: string,
    rung?: string,
  ): Promise<{ claimed: true } | { claimed: false; record: CaseRecord; reply?: Reply }> {
    const claimed = await updateIfStill({
      TableName: this.tableName,
      Key: keys.case(caseId),
      UpdateExpression: `SET taskToken = :token, waitingState = :state, version = version + :one${rung ? ', rung = :rung' : ''}`,
      // A reply being delivered to the state before this one is that state's, not this one's.
      ConditionExpression:
        '#status = :open AND balance.amount > :zero AND (attribute_not_exists(pendingReply) OR pendingReply.deliveringSince > :stale)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':token': token,
        ':state': waitingState,
        ':one': 1,
        ':open': 'open',
        ':zero': 0,
        ':stale': new Date(Date.now() - DELIVERY_GRACE_MS).toISOString(),
        ...(rung ? { ':rung': rung } : {}),
      },
    });
    if (claimed) return { claimed: true };
    const record = await this.mustGetCase(caseId);
    const pending = record.pendingReply;
    if (pending && !isBeingDelivered(pending)) {
      const { deliveredTo: _to, deliveringSince: _since, ...reply } = pending;
      return { claimed: false, record, reply: reply as Reply };
    }
    if (record.status === 'open' && isSettled(record.balance)) {
      return { claimed: false, record, reply: { id: `settled-${record.version}`, outcome: 'paid' } };
    }
    return { claimed: false, record };
  }

  /**
   * Records a debtor action or a system event on the case: the timeline entry and the case's new
   * fields in one transaction, guarded by the case's version. A reply for the workflow, if any,
   * waits on the case until a waiting state takes it (see deliverPendingReply).
   */
  async recordAction(
    record: CaseRecord,
    change: { set?: Record<string, unknown>; remove?: string[]; reply?: Reply; bumpCycle?: boolean },
    entry: TimelineEntry,
  ): Promise<CaseRecord> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':one': 1, ':version': record.version };
    const sets = ['version = version + :one'];
    for (const [field, value] of Object.entries({
      ...change.set,
      ...(change.reply ? { pendingReply: change.reply } : {}),
    })) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    if (change.bumpCycle) {
      values[':zero'] = 0;
      names['#cycle'] = 'cycle';
      sets.push('#cycle = if_not_exists(#cycle, :zero) + :one');
    }
    const removes = (change.remove ?? []).map((field) => {
      names[`#${field}`] = field;
      return `#${field}`;
    });
    const write = dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.case(record.caseId),
              UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
              ConditionExpression: 'version = :version',
              ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
              ExpressionAttributeValues: values,
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: timelineItem(record.caseId, entry),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    try {
      await write;
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed')
        throw new CaseChangedError(`Case ${record.caseId} changed since version ${record.version}`);
      throw error;
    }
    return this.mustGetCase(record.caseId);
  }

  /**
   * Records the debtor's survey answer on a closed case, once: false when the case already has one
   * (a second submit, or two at once), and then nothing is written.
   */
  async recordSurveyAnswer(record: CaseRecord, entry: TimelineEntry): Promise<boolean> {
    try {
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.case(record.caseId),
                UpdateExpression: 'SET surveyAnsweredAt = :at, version = version + :one',
                // Only a closed case is asked how it went.
                ConditionExpression:
                  'attribute_not_exists(surveyAnsweredAt) AND #status IN (:paid, :credited)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':at': entry.at,
                  ':one': 1,
                  ':paid': 'paid',
                  ':credited': 'credited',
                },
              },
            },
            { Put: { TableName: this.tableName, Item: timelineItem(record.caseId, entry) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /** Keeps the settlement offer the final notice makes, so a payment of its amount settles the case. */
  async keepSettlementOffer(caseId: string, offer: OfferOnCase): Promise<void> {
    await dynamo.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.case(caseId),
        UpdateExpression: 'SET settlementOffer = :offer',
        ExpressionAttributeValues: { ':offer': offer },
      }),
    );
  }

  /** Forgets one-time notes (a broken promise, a dispute outcome) once the email that carried them went. */
  async clearNotes(
    caseId: string,
    fields: readonly ('brokenPromiseDate' | 'noticeOnResume')[],
  ): Promise<void> {
    await dynamo.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.case(caseId),
        UpdateExpression: `REMOVE ${fields.join(', ')}`,
      }),
    );
  }

  /**
   * Marks the pending reply as on its way to `token`, so the next waiting state does not take it
   * too (it would answer twice). False when the reply or the token has changed meanwhile.
   */
  async markDelivering(caseId: string, replyId: string, token: string): Promise<boolean> {
    return updateIfStill({
      TableName: this.tableName,
      Key: keys.case(caseId),
      UpdateExpression: 'SET pendingReply.deliveredTo = :token, pendingReply.deliveringSince = :now',
      ConditionExpression: 'pendingReply.id = :id AND taskToken = :token',
      ExpressionAttributeValues: { ':id': replyId, ':token': token, ':now': new Date().toISOString() },
    });
  }

  /** The token had moved on: the reply waits again for whichever state takes its turn next. */
  async unmarkDelivering(caseId: string, replyId: string): Promise<void> {
    await updateIfStill({
      TableName: this.tableName,
      Key: keys.case(caseId),
      UpdateExpression: 'REMOVE pendingReply.deliveredTo, pendingReply.deliveringSince',
      ConditionExpression: 'pendingReply.id = :id',
      ExpressionAttributeValues: { ':id': replyId },
    });
  }

  /** Forgets a reply once the waiting state it was meant for has taken it. */
  async clearPendingReply(caseId: string, replyId: string): Promise<void> {
    // A newer reply may have replaced it: that one is still to be delivered, so it stays.
    await updateIfStill({
      TableName: this.tableName,
      Key: keys.case(caseId),
      // The token stays: by now it may be the next waiting state's.
      UpdateExpression: 'REMOVE pendingReply SET version = version + :one',
      ConditionExpression: 'pendingReply.id = :id',
      ExpressionAttributeValues: { ':id': replyId, ':one': 1 },
    });
  }

  /** How far a message of the case got: recorded and about to go, sent, or withheld for good. */
  async messageState(caseId: string, messageKey: string): Promise<MessageState | undefined> {
    const out = await dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.message(caseId, messageKey),
        ConsistentRead: true,
      }),
    );
    return out.Item?.status as MessageState | undefined;
  }

  /** The debtor's contact ledger: their recent sends across all their cases, and its version. */
  async contactLedger(email: string): Promise<ContactLedger> {
    const out = await dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contactLedger(email), ConsistentRead: true }),
    );
    return {
      sends: (out.Item?.sends as LedgerSend[] | undefined) ?? [],
      version: (out.Item?.version as number | undefined) ?? 0,
    };
  }

  /**
   * Records a message that may go, in one transaction: the debtor's ledger with its new send (only
   * if the ledger is still the version the decision read, so two concurrent sends cannot both slip
   * under the cap), the message's marker, the timeline entry, and the case's version (only if the
   * case is still the version the decision read: an opt-out, a pause or a dispute written a moment
   * ago wins, and a concurrent change is stamped after this send). 'ledger-changed' and
   * 'case-changed' mean decide again.
   */
  async recordSend(
    record: CaseRecord,
    messageKey: string,
    ledger: { read: ContactLedger; sends: LedgerSend[]; expiresAt: number },
    entry: TimelineEntry,
    /** Until when the recorder alone may deliver it (see claimDelivery). */
    deliveringUntil: Date,
  ): Promise<'recorded' | 'ledger-changed' | 'already-recorded' | 'case-changed'> {
    try {
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
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
                TableName: this.tableName,
                Item: {
                  ...keys.message(record.caseId, messageKey),
                  itemType: 'message',
                  caseId: record.caseId,
                  status: 'pending',
                  recordedAt: entry.at,
                  deliveringUntil: deliveringUntil.toISOString(),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: timelineItem(record.caseId, entry) } },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.case(record.caseId),
                UpdateExpression: 'SET version = version + :one',
                ConditionExpression: 'version = :read',
                ExpressionAttributeValues: { ':one': 1, ':read': record.version },
              },
            },
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
  }

  /** A message that may never go: on the timeline once, and its marker says so. */
  async recordWithheld(record: CaseRecord, messageKey: string, entry: TimelineEntry): Promise<void> {
    await this.putOnce(record.caseId, keys.message(record.caseId, messageKey), { status: 'withheld' }, entry);
  }

  /** A message that has to wait: on the timeline at most once per message. */
  async recordDeferred(record: CaseRecord, messageKey: string, entry: TimelineEntry): Promise<boolean> {
    return this.putOnce(record.caseId, keys.messageDeferred(record.caseId, messageKey), {}, entry);
  }

  private async putOnce(
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
                TableName: this.tableName,
                Item: { ...key, itemType: 'message', caseId, recordedAt: entry.at, ...fields },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: timelineItem(caseId, entry) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /** Keeps a message that may not go yet until it is due (the scheduled sender takes it then). */
  async putInOutbox(item: OutboxItem): Promise<void> {
    await dynamo.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.outboxEntry(item.caseId, item.messageKey, item.dueAt), itemType: 'outbox', ...item },
      }),
    );
  }

  /** The waiting messages due by `now`, oldest first. */
  async dueOutbox(now: Date, limit = 50): Promise<OutboxItem[]> {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.byAccountIndex.name,
        KeyConditionExpression: 'gsi1pk = :outbox AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':outbox': OUTBOX_PARTITION, ':now': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []) as OutboxItem[];
  }

  /**
   * Takes a message out of the outbox, unless it was put back with a new due time meanwhile. The
   * done item stays a while for whoever looks into a late message, then expires (the timeline keeps
   * what happened to it).
   */
  async removeFromOutbox(item: OutboxItem, now: Date): Promise<void> {
    await updateIfStill({
      TableName: this.tableName,
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
  }

  /**
   * Takes a scheduled job's lease until `until`, unless another run holds it (EventBridge may
   * deliver a scheduled event twice, and a slow run may meet the next one). False: leave the work.
   */
  async takeLease(job: string, holder: string, now: Date, until: Date): Promise<boolean> {
    return updateIfStill({
      TableName: this.tableName,
      Key: keys.lease(job),
      UpdateExpression: 'SET itemType = :lease, holder = :holder, leaseUntil = :until',
      ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil <= :now',
      ExpressionAttributeValues: {
        ':lease': 'lease',
        ':holder': holder,
        ':until': until.toISOString(),
        ':now': now.toISOString(),
      },
    });
  }

  /** Gives a lease back early (only the holder's own: an expired lease may be someone else's by now). */
  async releaseLease(job: string, holder: string, now: Date): Promise<void> {
    await updateIfStill({
      TableName: this.tableName,
      Key: keys.lease(job),
      UpdateExpression: 'SET leaseUntil = :now',
      ConditionExpression: 'holder = :holder',
      ExpressionAttributeValues: { ':holder': holder, ':now': now.toISOString() },
    });
  }

  async markMessageSent(caseId: string, messageKey: string, providerMessageId: string): Promise<void> {
    await dynamo.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.message(caseId, messageKey),
        UpdateExpression: 'SET #status = :sent, providerMessageId = :id REMOVE deliveringUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':id': providerMessageId },
      }),
    );
  }

  /**
   * Takes the right to deliver a recorded ('pending') message until `until`: false while another
   * attempt holds it (it is sending the message now). A holder that crashed frees it when it runs out.
   */
  async claimDelivery(caseId: string, messageKey: string, now: Date, until: Date): Promise<boolean> {
    return updateIfStill({
      TableName: this.tableName,
      Key: keys.message(caseId, messageKey),
      UpdateExpression: 'SET deliveringUntil = :until',
      ConditionExpression:
        '#status = :pending AND (attribute_not_exists(deliveringUntil) OR deliveringUntil <= :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pending': 'pending',
        ':now': now.toISOString(),
        ':until': until.toISOString(),
      },
    });
  }

  /** Gives the right to deliver back after a failed send, so the next attempt need not wait. */
  async releaseDelivery(caseId: string, messageKey: string): Promise<void> {
    await updateIfStill({
      TableName: this.tableName,
      Key: keys.message(caseId, messageKey),
      UpdateExpression: 'REMOVE deliveringUntil',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending' },
    });
  }

  /**
   * Moves an open case to its final status and frees the account for a future case. Returns false
   * when the case had already left 'open' (a retried task).
   */
  async closeCase(record: CaseRecord, status: CaseStatus, entry: TimelineEntry): Promise<boolean> {
    try {
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.case(record.caseId),
                UpdateExpression:
                  'SET #status = :status, closedAt = :at, version = version + :one REMOVE taskToken, waitingState, pendingReply',
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': status, ':at': entry.at, ':one': 1, ':open': 'open' },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.account(record.accountId),
                UpdateExpression: 'REMOVE openCaseId',
                ConditionExpression: 'openCaseId = :caseId',
                ExpressionAttributeValues: { ':caseId': record.caseId },
              },
            },
            { Put: { TableName: this.tableName, Item: timelineItem(record.caseId, entry) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /** Parks an open case for a person: still open, no automatic step left. */
  async holdForPerson(record: CaseRecord, entry: TimelineEntry): Promise<void> {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.case(record.caseId),
              UpdateExpression:
                'SET #status = :held, version = version + :one REMOVE taskToken, waitingState, pendingReply',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':held': 'held-for-person', ':one': 1, ':open': 'open' },
            },
          },
          { Put: { TableName: this.tableName, Item: timelineItem(record.caseId, entry) } },
        ],
      }),
    );
  }

  async markAnnounced(caseId: string, flag: AnnouncementFlag, at: string) {
    await dynamo.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.case(caseId),
        UpdateExpression: 'SET #flag = :at',
        ExpressionAttributeNames: { '#flag': flag },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** The account's open (or held) case, or the named one if it belongs to the account and is active. */
  async activeCase(accountId: string, caseId?: string): Promise<CaseRecord | undefined> {
    let id = caseId;
    if (!id) {
      const account = await dynamo.send(
        new GetCommand({ TableName: this.tableName, Key: keys.account(accountId), ConsistentRead: true }),
      );
      id = account.Item?.openCaseId as string | undefined;
    }
    const record = id ? await this.getCase(id) : undefined;
    return record && record.accountId === accountId && isActive(record.status) ? record : undefined;
  }

  private async caseOfInvoice(invoiceId: string): Promise<string | undefined> {
    const out = await dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: keys.invoice(invoiceId), ConsistentRead: true }),
    );
    return out.Item?.caseId as string | undefined;
  }

  private async openCaseFor(detail: PaymentReceivedDetail): Promise<string | undefined> {
    if (detail.invoiceId) {
      const caseId = await this.caseOfInvoice(detail.invoiceId);
      if (caseId) return caseId;
    }
    const account = await dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.account(detail.accountId),
        ConsistentRead: true,
      }),
    );
    return account.Item?.openCaseId as string | undefined;
  }

  private async mustGetCase(caseId: string): Promise<CaseRecord> {
    const record = await this.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} is referenced but does not exist`);
    return record;
  }
}

export type { Money };
