import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextBillingDetailType } from '../../functions/contract/billing-events-next.ts';
import { keys } from '../../functions/contract/table.ts';
import { addDays } from '../../functions/domain/dates.ts';
import {
  BillingDetailType,
  eventually,
  linkIn,
  overdueInvoice,
  startTestRuntime,
  type TestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 1 s: a promise for today pauses 3 s; the firm reminder then waits 7 s.
const DAY_SECONDS = 1;
let runtime: TestRuntime;
let table: DynamoDBDocumentClient;

beforeAll(async () => {
  runtime = await startTestRuntime(DAY_SECONDS);
  table = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    }),
  );
}, 60_000);
afterAll(async () => {
  table?.destroy();
  await runtime?.close();
});

async function timeline(
  caseId: string,
): Promise<{ type: string; at: string; data?: Record<string, unknown> }[]> {
  const { pk, skPrefix } = keys.timelinePrefix(caseId);
  const out = await table.send(
    new QueryCommand({
      TableName: runtime.endpoints.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as { type: string; at: string; data?: Record<string, unknown> }[];
}

async function post(link: string, action: string, fields: Record<string, string>) {
  const form = await (await fetch(`${link}/${action}`)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  return fetch(`${link}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
    redirect: 'manual',
  });
}

describe('the case timeline', () => {
  it('records every message and action once, in order, and nothing more is sent after the case closes', async () => {
    const email = 'timeline@example.com';
    await runtime.putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-TL', invoiceId: 'TL-1', email, amount: 10_000 }),
    );
    const link = linkIn(
      await eventually('the friendly reminder', async () => (await runtime.emailsTo(email))[0]),
    );

    // A promise for today (three policy days with grace), broken: the firm reminder says so.
    expect((await post(link, 'promise', { date: new Date().toISOString().slice(0, 10) })).status).toBe(303);
    await eventually(
      'the firm reminder',
      async () => (await runtime.emailsTo(email)).find((m) => /still unpaid/.test(m.subject)),
      8000,
    );
    // A dispute, rejected by billing: a fresh notice explains it.
    expect((await post(link, 'dispute', { reason: 'wrong-amount' })).status).toBe(303);
    await eventually('the dispute pause', async () =>
      (await timeline('ACC-TL-1')).some((entry) => entry.type === 'DisputeOpened'),
    );
    await runtime.putBillingEvent(NextBillingDetailType.disputeResolved, {
      accountId: 'ACC-TL',
      outcome: 'rejected',
      note: 'The amount is right.',
    });
    await eventually(
      'the outcome notice',
      async () => (await runtime.emailsTo(email)).find((m) => /outcome of your query/.test(m.subject)),
      8000,
    );
    // Paid in full: thanks, closed.
    await runtime.putBillingEvent(BillingDetailType.paymentReceived, {
      accountId: 'ACC-TL',
      paymentId: 'PAY-TL',
      amount: { amount: 10_000, currency: 'GBP' },
      paidAt: new Date().toISOString(),
    });
    await eventually('the thank-you', async () =>
      (await runtime.emailsTo(email)).find((m) => /your account is paid/.test(m.subject)),
    );

    const entries = await timeline('ACC-TL-1');
    const types = entries.map((entry) => entry.type);
    expect(types).toEqual([
      'CaseOpened',
      'EmailSent', // friendly
      'PromiseMade',
      'EmailSent', // promise acknowledged
      'PauseEnded',
      'EmailSent', // firm, with the kind note
      'DisputeOpened',
      'EmailSent', // dispute acknowledged
      'DisputeResolved',
      'EmailSent', // the outcome explained
      'PaymentReceived',
      'CaseResolved',
      'EmailSent', // thanks
    ]);
    // In order, and each email on the timeline once: the same count as in the mailbox.
    const times = entries.map((entry) => entry.at);
    expect(times).toEqual([...times].sort());
    expect(types.filter((type) => type === 'EmailSent')).toHaveLength((await runtime.emailsTo(email)).length);
    expect(entries.filter((entry) => entry.type === 'EmailSent').map((entry) => entry.data?.kind)).toEqual([
      'friendly',
      'promiseAck',
      'firm',
      'disputeAck',
      'disputeRejected',
      'thanks',
    ]);

    // After the terminal state nothing more goes: no form, no update, no payment makes an email.
    const sent = (await runtime.emailsTo(email)).length;
    // The closed case's page offers no form; a forged post is refused.
    expect(
      (await post(link, 'promise', { date: addDays(new Date().toISOString().slice(0, 10), 3) })).status,
    ).toBeGreaterThanOrEqual(400);
    await runtime.putBillingEvent(NextBillingDetailType.collectionPaused, {
      accountId: 'ACC-TL',
      reason: 'breathing-space',
    });
    await runtime.putBillingEvent(BillingDetailType.paymentReceived, {
      accountId: 'ACC-TL',
      paymentId: 'PAY-TL-LATE',
      amount: { amount: 500, currency: 'GBP' },
      paidAt: new Date().toISOString(),
    });
    await runtime.sqs.drained();
    expect(await runtime.emailsTo(email)).toHaveLength(sent);
  }, 40_000);
});
