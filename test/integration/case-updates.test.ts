import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NextBillingDetailType } from '../../functions/contract/billing-events-next.ts';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { BillingDetailType, eventually, overdueInvoice, useTestRuntime } from '../support/local-runtime.ts';

// A policy day lasts 1 s: the friendly reminder waits 7 s for a reply, long enough to act on it.
const DAY_SECONDS = 1;
const runtime = useTestRuntime(DAY_SECONDS);

describe('a legal pause (breathing space)', () => {
  it('stops all contact until billing says collection may resume, then resumes where it was with a fresh notice', async () => {
    const email = 'breathing@example.com';
    await runtime().caseWithReminder('ACC-BREATHE', email);

    await runtime().putBillingEvent(NextBillingDetailType.collectionPaused, {
      accountId: 'ACC-BREATHE',
      reason: 'breathing-space',
    });
    await eventually('the pause', async () =>
      (await runtime().transitions('ACC-BREATHE-case-1')).includes('Pause collection and wait'),
    );
    // A repeat of the pause event changes nothing.
    await runtime().putBillingEvent(NextBillingDetailType.collectionPaused, {
      accountId: 'ACC-BREATHE',
      reason: 'breathing-space',
    });
    await runtime().sqs.drained();
    expect(await runtime().emailsTo(email)).toHaveLength(1);

    await runtime().putBillingEvent(NextBillingDetailType.collectionResumed, { accountId: 'ACC-BREATHE' });
    const emails = await eventually('the fresh notice', async () => {
      const all = await runtime().emailsTo(email);
      return all.length === 2 && all;
    });
    expect(emails.map((message) => message.subject)).toEqual([
      'A friendly reminder: £100.00 is now due',
      'A friendly reminder: £100.00 is now due',
    ]);
    expect(await runtime().journey('ACC-BREATHE-case-1')).toEqual([
      'Send friendly reminder and wait for reply',
      'Act on the reply',
      'Pause collection and wait',
      'Act on the reply',
      'Send friendly reminder and wait for reply',
    ]);
  }, 20_000);

  it('holds back the first reminder when the pause comes before it', async () => {
    const email = 'early-pause@example.com';
    const invoice = {
      ...overdueInvoice({ accountId: 'ACC-EARLYPAUSE', invoiceId: 'INV-EP', email }),
      dueDate: new Date().toISOString().slice(0, 10),
    };
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, invoice);
    // Opened; its workflow starts when the friendly reminder is due (from the outbox), not before.
    await eventually(
      'the case',
      async () => runtime().eventsOf(CaseDetailType.caseOpened, 'ACC-EARLYPAUSE-1').length === 1,
    );
    await runtime().putBillingEvent(NextBillingDetailType.collectionPaused, {
      accountId: 'ACC-EARLYPAUSE',
      reason: 'breathing-space',
      until: '2099-01-01',
    });
    // The friendly reminder was due 3 policy days (3 s) after today's due date: the pause takes its turn instead.
    await eventually(
      'the pause',
      async () =>
        (await runtime().transitions('ACC-EARLYPAUSE-case-1')).includes('Pause collection and wait'),
      8000,
    );
    expect(await runtime().emailsTo(email)).toHaveLength(0);
  }, 15_000);
});

describe('a cancelled invoice', () => {
  it('credits a case whose only invoice is cancelled, and tells the customer nothing is owed', async () => {
    const email = 'cancelled@example.com';
    await runtime().caseWithReminder('ACC-CANCEL', email, { invoiceIds: ['ACC-CANCEL-INV-1'] });
    await runtime().putBillingEvent(NextBillingDetailType.invoiceCancelled, {
      accountId: 'ACC-CANCEL',
      invoiceId: 'ACC-CANCEL-INV-1',
    });
    expect(await runtime().waitForExecution('ACC-CANCEL-case-1', 5000)).toBe('SUCCEEDED');
    expect((await runtime().transitions('ACC-CANCEL-case-1')).slice(-2)).toEqual([
      'Act on the reply',
      'Close the case as credited',
    ]);
    expect(runtime().resolutions('ACC-CANCEL-1')).toEqual(['credited']);
    // At this clock the news may wait for the debtor's morning (the outbox sends it then).
    const emails = await eventually('the credit explained', async () => {
      const all = await runtime().emailsTo(email);
      return all.length >= 2 && all;
    });
    expect(emails).toHaveLength(2);
    expect(emails[1]?.body.text).toMatch(/credit/i);
  });

  it('lowers the balance when one of two invoices is cancelled, and the case goes on', async () => {
    const email = 'half-cancelled@example.com';
    await runtime().caseWithReminder('ACC-HALF', email, { invoiceIds: ['ACC-HALF-INV-1', 'ACC-HALF-INV-2'] });
    await runtime().putBillingEvent(NextBillingDetailType.invoiceCancelled, {
      accountId: 'ACC-HALF',
      invoiceId: 'ACC-HALF-INV-2',
    });
    await runtime().sqs.drained();
    const { DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
    const execution = await runtime().sfn.send(
      new DescribeExecutionCommand({ executionArn: runtime().executionArn('ACC-HALF-case-1') }),
    );
    expect(execution.status).toBe('RUNNING');
    expect(runtime().resolutions('ACC-HALF-1')).toEqual([]);
  });

  it('applies updates that race each other on one case, each judged on the case as it is then', async () => {
    const invoiceIds = ['RACE-INV-1', 'RACE-INV-2', 'RACE-INV-3', 'RACE-INV-4', 'RACE-INV-5'];
    await runtime().caseWithReminder('ACC-UPDATE-RACE', 'update-race@example.com', { invoiceIds });
    // The handler itself, in this process, given four cancellations at once (as four concurrent
    // deliveries of the queue would): each that loses the race on the case's version is judged again.
    const { handler } = await import('../../functions/handlers/receive-case-update.ts');
    const responses = (await Promise.all(
      invoiceIds
        .slice(1)
        .map((invoiceId) =>
          handler(
            sqsBatch(NextBillingDetailType.invoiceCancelled, { accountId: 'ACC-UPDATE-RACE', invoiceId }),
            {} as never,
          ),
        ),
    )) as { batchItemFailures: unknown[] }[];
    expect(responses.map((response) => response.batchItemFailures)).toEqual([[], [], [], []]);
    const { dynamoCaseStore } = await import('../../functions/adapters/dynamodb/store.ts');
    const record = await dynamoCaseStore(runtime().endpoints.tableName).getCase('ACC-UPDATE-RACE-1');
    // Five invoices of £100 (the harness's default), four cancelled: £100 left, no credit lost.
    expect(record?.balance).toEqual({ amount: 10_000, currency: 'GBP' });
  });
});

describe('updates that do not apply', () => {
  it('parks an update of an unknown shape in its dead-letter queue with the reason', async () => {
    await runtime().putBillingEvent(NextBillingDetailType.disputeResolved, {
      accountId: 'ACC-X',
      outcome: 'maybe',
    });
    const parked = await eventually('the dead letter', async () =>
      runtime()
        .sqs.messages('collections-CaseUpdates-dead-letters')
        .find((message) => message.body.includes('maybe')),
    );
    expect(parked.messageAttributes.reason?.stringValue).toMatch(/outcome/);
  });
});

/** One billing event as SQS hands it to the consumer: the EventBridge envelope in the body. */
function sqsBatch(detailType: string, detail: unknown) {
  const id = crypto.randomUUID();
  const body = JSON.stringify({
    version: '0',
    id,
    'detail-type': detailType,
    source: 'billing',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-2',
    resources: [],
    detail,
  });
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: id,
        receiptHandle: id,
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: now,
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: now,
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs' as const,
        eventSourceARN: 'arn:aws:sqs:eu-west-2:000000000000:collections-CaseUpdates',
        awsRegion: 'eu-west-2',
      },
    ],
  };
}

describe('a change as the store records it', () => {
  it('leaves the case exactly as the pure applyChange says (the portal builds acknowledgements from it)', async () => {
    await runtime().caseWithReminder('ACC-APPLY', 'apply@example.com');
    const { dynamoCaseStore } = await import('../../functions/adapters/dynamodb/store.ts');
    const { applyChange } = await import('../../functions/domain/case-updates.ts');
    const store = dynamoCaseStore(runtime().endpoints.tableName);
    const opened = await store.getCase('ACC-APPLY-1');
    if (!opened) throw new Error('no case');
    // A field for the change to remove, written first.
    const before = await store.recordAction(
      opened,
      { set: { noticeOnResume: 'disputeRejected' } },
      { type: 'Test', entryId: 'apply-0', at: new Date().toISOString() },
    );
    expect(before.noticeOnResume).toBe('disputeRejected');
    const change = {
      set: { brokenPromiseDate: '2026-06-10', pause: { reason: 'promise', until: 'u', since: 's' } },
      remove: ['noticeOnResume'],
      bumpCycle: true,
    };
    const stored = await store.recordAction(before, change as never, {
      type: 'Test',
      entryId: 'apply-1',
      at: new Date().toISOString(),
    });
    // Nothing else wrote meanwhile, except what the workflow may write without a version (its token).
    const { taskToken: _a, waitingState: _b, ...expected } = applyChange(before, change as never);
    const { taskToken: _c, waitingState: _d, ...actual } = stored;
    expect(actual).toEqual(expected);
  });
});
