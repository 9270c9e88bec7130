import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { keys } from '../../functions/contract/table.ts';
import { BillingDetailType, eventually, overdueInvoice, useTestRuntime } from '../support/local-runtime.ts';

// A policy day lasts 2 s here: the friendly reminder waits 14 s for a reply, long enough to pay.
const DAY_SECONDS = 2;
const runtime = useTestRuntime(DAY_SECONDS);
let table: DynamoDBDocumentClient;

const readCase = async (caseId: string) =>
  (
    await table.send(
      new GetCommand({
        TableName: runtime().endpoints.tableName,
        Key: keys.case(caseId),
        ConsistentRead: true,
      }),
    )
  ).Item;

beforeAll(() => {
  table = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime().endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    }),
  );
});
afterAll(() => table?.destroy());

describe('a payment after the friendly reminder', () => {
  it('thanks the customer and closes the case as paid', async () => {
    const email = 'payer@example.com';
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-PAY', invoiceId: 'INV-PAY-1', email }),
    );
    await eventually('the friendly reminder', async () => (await runtime().emailsTo(email))[0]);

    // A second overdue invoice joins the open case: one conversation, one workflow.
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-PAY', invoiceId: 'INV-PAY-2', email, amount: 5_000 }),
    );
    await eventually(
      'the joined balance',
      async () => (await readCase('ACC-PAY-1'))?.balance.amount === 17_950,
    );

    // A partial payment lowers the balance and the case stays where it is.
    await runtime().pay('ACC-PAY', 'PAY-1', 7_950);
    await eventually(
      'the lower balance',
      async () => (await readCase('ACC-PAY-1'))?.balance.amount === 10_000,
    );
    expect((await readCase('ACC-PAY-1'))?.status).toBe('open');
    // Thanked with the new balance: now, or from the outbox when the debtor's morning comes (it
    // states what is left, so once the case is paid it would be withheld instead).
    await runtime().emailWith(email, /Thank you for your payment of £79\.50/, 2 * DAY_SECONDS * 1000);

    // The same payment event again changes nothing.
    await runtime().pay('ACC-PAY', 'PAY-1', 7_950);
    await runtime().sqs.drained();
    expect((await readCase('ACC-PAY-1'))?.balance.amount).toBe(10_000);

    await runtime().pay('ACC-PAY', 'PAY-2', 10_000);
    expect(await runtime().waitForExecution('ACC-PAY-case-1', 5000)).toBe('SUCCEEDED');

    // At this clock the thank-you may meet the debtor's night and go from the outbox in the morning.
    await runtime().emailWith(email, /your account is paid/);
    const subjects = (await runtime().emailsTo(email)).map((message) => message.subject);
    expect(subjects).toEqual([
      'A friendly reminder: £129.50 is now due',
      'Thank you for your payment of £79.50',
      'Thank you: your account is paid',
    ]);
    const record = await readCase('ACC-PAY-1');
    expect(record).toMatchObject({ status: 'paid', balance: { amount: 0, currency: 'GBP' } });
    expect(record?.taskToken).toBeUndefined();

    expect(runtime().eventsOf(CaseDetailType.caseResolved)).toEqual([
      expect.objectContaining({ caseId: 'ACC-PAY-1', resolution: 'paid' }),
    ]);

    const transitions = await runtime().journey('ACC-PAY-case-1');
    expect(transitions).toEqual([
      'Send friendly reminder and wait for reply',
      'Act on the reply',
      'Thank the customer and close the case as paid',
    ]);
    expect(transitions.length).toBeLessThanOrEqual(8);

    // The account is free again: a new overdue invoice opens a second case with its own workflow.
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-PAY', invoiceId: 'INV-PAY-3', email }),
    );
    await eventually('the second case', async () => (await readCase('ACC-PAY-2'))?.executionArn);
    expect((await readCase('ACC-PAY-2'))?.executionName).toBe('ACC-PAY-case-2');
  }, 30_000);

  it('closes without a reminder when the balance is paid before the friendly reminder is due', async () => {
    const email = 'early@example.com';
    const invoice = {
      ...overdueInvoice({ accountId: 'ACC-EARLY', invoiceId: 'INV-EARLY-1', email }),
      dueDate: new Date().toISOString().slice(0, 10),
    };
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, invoice);
    await eventually('the case', async () => (await readCase('ACC-EARLY-1'))?.executionArn);
    await runtime().pay('ACC-EARLY', 'PAY-EARLY', 12_950);
    // The friendly reminder is due 3 policy days (6 s) after today's due date: the workflow starts
    // then (from the outbox), finds the balance settled, and closes the case without the reminder.
    const states = await eventually(
      'the workflow started at the reminder',
      () =>
        runtime()
          .transitions('ACC-EARLY-case-1')
          .catch(() => undefined),
      12_000,
    );
    expect(states[0]).toBe('Send friendly reminder and wait for reply');
    expect(await runtime().waitForExecution('ACC-EARLY-case-1', 12_000)).toBe('SUCCEEDED');
    await runtime().emailWith(email, /your account is paid/);
    expect((await runtime().emailsTo(email)).map((message) => message.subject)).toEqual([
      'Thank you: your account is paid',
    ]);
  }, 20_000);
});
