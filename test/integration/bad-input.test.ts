import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { signLink } from '../../functions/domain/links.ts';
import {
  BillingDetailType,
  eventually,
  linkIn,
  overdueInvoice,
  useTestRuntime,
} from '../support/local-runtime.ts';

// Long policy days: nothing here should get past the friendly reminder.
const DAY_SECONDS = 30;
const runtime = useTestRuntime(DAY_SECONDS);

const deadLetters = (ruleId: string) =>
  runtime()
    .sqs.messages(`collections-${ruleId}-dead-letters`)
    .map((message) => ({
      body: JSON.parse(message.body),
      reason: message.messageAttributes.reason?.stringValue ?? '',
    }));

async function itemCount(): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: runtime().endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  const out = await client.send(
    // The scheduled job's lease is no case data (the runtime's timer writes it on its first run).
    new ScanCommand({
      TableName: runtime().endpoints.tableName,
      Select: 'COUNT',
      FilterExpression: 'attribute_not_exists(itemType) OR itemType <> :lease',
      ExpressionAttributeValues: { ':lease': { S: 'lease' } },
    }),
  );
  client.destroy();
  return out.Count ?? 0;
}

describe('malformed billing events', () => {
  it.each([
    [
      'a float amount',
      { amountDue: { amount: 129.5, currency: 'GBP' } },
      /amountDue\.amount: must be an integer number of minor units/,
    ],
    [
      'an unknown currency',
      { amountDue: { amount: 100, currency: 'XYZ' } },
      /amountDue\.currency: is not an ISO 4217 currency/,
    ],
    ['a date that does not exist', { dueDate: '2026-02-30' }, /dueDate: is not a real calendar date/],
    ['a bad email address', { debtor: { name: 'A', email: 'not-an-email' } }, /debtor\.email/],
    [
      'an unknown time zone',
      { debtor: { name: 'A', email: 'a@example.com', timeZone: 'Mars/Base' } },
      /debtor\.timeZone: must be an IANA time zone/,
    ],
    [
      'an unknown segment',
      { debtor: { name: 'A', email: 'a@example.com', segment: 'vip' } },
      /debtor\.segment: segment "vip" has no policy/,
    ],
  ])('%s goes to the dead-letter queue with a reason, and opens no case', async (_name, change, reason) => {
    const itemsBefore = await itemCount();
    const invoiceId = `INV-BAD-${Math.random().toString(36).slice(2, 8)}`;
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
      ...overdueInvoice({ accountId: 'ACC-BAD', invoiceId, email: 'bad@example.com' }),
      ...change,
    });
    const parked = await eventually('the dead letter', async () =>
      deadLetters('InvoiceOverdue').find((message) => message.body.detail.invoiceId === invoiceId),
    );
    expect(parked.reason).toMatch(reason);
    expect(await itemCount()).toBe(itemsBefore);
  });

  it('a payment without a payment id goes to its own dead-letter queue', async () => {
    await runtime().putBillingEvent(BillingDetailType.paymentReceived, {
      accountId: 'ACC-BAD',
      amount: { amount: 100, currency: 'GBP' },
      paidAt: new Date().toISOString(),
    });
    const parked = await eventually('the dead letter', async () => deadLetters('PaymentReceived')[0]);
    expect(parked.reason).toMatch(/paymentId/);
  });
});

describe('duplicate billing events', () => {
  it('the same overdue invoice twice opens one case and sends one reminder', async () => {
    const email = 'twice@example.com';
    const invoice = overdueInvoice({ accountId: 'ACC-TWICE', invoiceId: 'INV-TWICE', email });
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, invoice);
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, invoice);
    await eventually('the friendly reminder', async () => (await runtime().emailsTo(email))[0]);
    await runtime().sqs.drained();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runtime().emailsTo(email)).toHaveLength(1);
    const { ListExecutionsCommand } = await import('@aws-sdk/client-sfn');
    const executions = await runtime().sfn.send(
      new ListExecutionsCommand({ stateMachineArn: runtime().endpoints.stateMachineArn }),
    );
    expect(
      executions.executions?.filter((execution) => execution.name?.startsWith('ACC-TWICE-')),
    ).toHaveLength(1);
  });
});

describe('links that do not open an account', () => {
  it('tampered, expired, unknown and malformed links all get the same plain page', async () => {
    const email = 'links@example.com';
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-LINK', invoiceId: 'INV-LINK', email }),
    );
    const reminder = await eventually(
      'the friendly reminder',
      async () => (await runtime().emailsTo(email))[0],
    );
    const good = linkIn(reminder);
    expect((await fetch(good)).status).toBe(200);

    const token = good.slice(good.lastIndexOf('/') + 1);
    const [payload, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const otherCase = Buffer.from(JSON.stringify({ ...claims, c: 'ACC-TWICE-1' })).toString('base64url');
    const portal = runtime().endpoints.portal;
    const inAMinute = Math.floor(Date.now() / 1000) + 60;
    const refused = [
      `${portal}/case/${otherCase}.${mac}`, // another case under the same signature
      `${portal}/case/${payload}.${mac.slice(0, -2)}AA`, // a changed signature
      `${portal}/case/${signLink({ ...claims, caseId: claims.c, action: 'view', expiresAt: inAMinute }, 'some-other-secret-of-enough-length')}`,
      `${portal}/case/${signLink({ caseId: 'ACC-LINK-1', action: 'view', expiresAt: Math.floor(Date.now() / 1000) - 1 }, runtime().linkSecret)}`, // expired
      `${portal}/case/${signLink({ caseId: 'NO-SUCH-CASE', action: 'view', expiresAt: inAMinute }, runtime().linkSecret)}`, // unknown case
      `${portal}/case/not-a-link`,
    ];
    const pages = await Promise.all(
      refused.map(async (url) => {
        const response = await fetch(url);
        return { status: response.status, body: await response.text() };
      }),
    );
    for (const page of pages) {
      expect(page.status).toBe(404);
      expect(page.body).toBe(pages[0]?.body);
      expect(page.body).toContain('This link does not work');
      expect(page.body).toContain('reply to that email and we will send you a new one');
    }
  });

  it('serves the strict security headers on every page', async () => {
    const response = await fetch(`${runtime().endpoints.portal}/case/not-a-link`);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
