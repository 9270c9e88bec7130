import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { NextBillingDetailType } from '../../functions/contract/billing-events-next.ts';
import { keys } from '../../functions/contract/table.ts';
import { addDays } from '../../functions/domain/dates.ts';
import { eventually, submitForm, useTestRuntime } from '../support/local-runtime.ts';

// A policy day lasts 1 s: a promise for today pauses 3 s; the firm reminder then waits 7 s.
const runtime = useTestRuntime(1);
let table: DynamoDBDocumentClient | undefined;
afterAll(() => table?.destroy());

type Entry = { type: string; at: string; data?: Record<string, unknown> };

/** The case's timeline as the table holds it, in its sort-key order. */
async function timeline(caseId: string): Promise<Entry[]> {
  table ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime().endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    }),
  );
  const { pk, skPrefix } = keys.timelinePrefix(caseId);
  const out = await table.send(
    new QueryCommand({
      TableName: runtime().endpoints.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as Entry[];
}

const today = () => new Date().toISOString().slice(0, 10);

describe('the case timeline', () => {
  it('records every message and action once, in order, and nothing more is sent after the case closes', async () => {
    const email = 'timeline@example.com';
    const link = await runtime().caseWithReminder('ACC-TL', email, { invoiceIds: ['TL-1'] });

    // A promise for today (three policy days with grace), broken: the firm reminder says so.
    expect((await submitForm(link, 'promise', { date: today() })).status).toBe(303);
    await runtime().emailWith(email, /still unpaid/);
    // A dispute, rejected by billing: a fresh notice explains it.
    expect((await submitForm(link, 'dispute', { reason: 'wrong-amount' })).status).toBe(303);
    await eventually('the dispute', async () =>
      (await timeline('ACC-TL-1')).some((entry) => entry.type === 'DisputeOpened'),
    );
    await runtime().putBillingEvent(NextBillingDetailType.disputeResolved, {
      accountId: 'ACC-TL',
      outcome: 'rejected',
      note: 'The amount is right.',
    });
    await runtime().emailWith(email, /outcome of your query/);
    // Paid in full: thanks, closed.
    await runtime().pay('ACC-TL', 'PAY-TL', 10_000);
    await runtime().emailWith(email, /your account is paid/);

    // The outbox settles the deferred acknowledgement on its next round (sent, or withheld once closed).
    const entries = await eventually('the deferred dispute acknowledgement settled', async () => {
      const all = await timeline('ACC-TL-1');
      return all.filter((entry) => entry.data?.kind === 'disputeAck').length >= 2 && all;
    });
    // The dispute's acknowledgement is the fourth message in a policy week (friendly, promise
    // acknowledged, firm): the weekly cap defers it, once, and the outbox sends it when a place is
    // free, or withholds it if the case closed first. Either way it is on the timeline, never twice.
    const contactGate = ['EmailDeferred', 'EmailWithheld'];
    const disputeAck = entries.filter((entry) => entry.data?.kind === 'disputeAck');
    expect(disputeAck[0]?.type).toBe('EmailDeferred');
    expect(disputeAck.slice(1).map((entry) => entry.type)).toEqual([
      expect.stringMatching(/^(EmailSent|EmailWithheld)$/),
    ]);
    expect(
      entries
        .filter((entry) => !contactGate.includes(entry.type) && entry.data?.kind !== 'disputeAck')
        .map((entry) => entry.type),
    ).toEqual([
      'CaseOpened',
      'EmailSent', // friendly
      'PromiseMade',
      'EmailSent', // promise acknowledged
      'PauseEnded',
      'EmailSent', // firm, with the kind note
      'DisputeOpened',
      'DisputeResolved',
      'EmailSent', // the outcome explained
      'PaymentReceived',
      'CaseResolved',
      'EmailSent', // thanks
    ]);
    // In order, and each email on the timeline once: as many as in the mailbox.
    const times = entries.map((entry) => entry.at);
    expect(times).toEqual([...times].sort());
    const emails = entries.filter((entry) => entry.type === 'EmailSent');
    expect(emails).toHaveLength((await runtime().emailsTo(email)).length);
    expect(emails.map((entry) => entry.data?.kind).filter((kind) => kind !== 'disputeAck')).toEqual([
      'friendly',
      'promiseAck',
      'firm',
      'disputeRejected',
      'thanks',
    ]);

    // After the terminal state nothing more goes: no form, no update, no payment makes an email.
    const sent = (await runtime().emailsTo(email)).length;
    // The closed case's page offers no form; a post without its token is refused.
    expect((await submitForm(link, 'promise', { date: addDays(today(), 3) })).status).toBeGreaterThanOrEqual(
      400,
    );
    await runtime().putBillingEvent(NextBillingDetailType.collectionPaused, {
      accountId: 'ACC-TL',
      reason: 'breathing-space',
    });
    await runtime().pay('ACC-TL', 'PAY-TL-LATE', 500);
    await runtime().sqs.drained();
    expect(await runtime().emailsTo(email)).toHaveLength(sent);
  }, 40_000);
});
