import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetailType, COLLECTIONS_SOURCE } from '../../functions/contract/events.ts';
import {
  BillingDetailType,
  eventually,
  linkIn,
  overdueInvoice,
  startTestRuntime,
  stateTransitions,
  type TestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 0.15 s: the consumer ladder (7 + 7 + 14 days of reply windows) takes ~4 s.
const DAY_SECONDS = 0.15;
let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime(DAY_SECONDS);
}, 60_000);
afterAll(() => runtime?.close());

describe('an overdue invoice nobody answers climbs the whole ladder', () => {
  const email = 'ladder@example.com';

  it('reminds kindly, then firmly, then gives final notice, then refers to the agency', async () => {
    await runtime.putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-LADDER', invoiceId: 'INV-LADDER-1', email }),
    );

    const friendly = await eventually(
      'the friendly reminder',
      async () => (await runtime.emailsTo(email))[0],
    );
    expect(friendly.subject).toBe('A friendly reminder: £129.50 is now due');
    expect(friendly.from).toBe('accounts@example.com');

    // The link opens the account page, with the amount, the invoice, its due date and "Pay now".
    const page = await fetch(linkIn(friendly));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('£129.50');
    expect(html).toContain('INV-LADDER-1');
    expect(html).toMatch(/\d{1,2} [A-Z][a-z]+ 2026/);
    expect(html).toContain('href="https://billing.example.com/pay/INV-LADDER-1"');
    expect(html).toContain('Pay now');

    const placed = await eventually(
      'CasePlacedWithAgency',
      async () =>
        runtime.eventBridge
          .events()
          .find((event) => event['detail-type'] === CaseDetailType.casePlacedWithAgency),
      15_000,
    );
    expect(placed.source).toBe(COLLECTIONS_SOURCE);
    expect(placed.detail).toMatchObject({
      caseId: 'ACC-LADDER-1',
      accountId: 'ACC-LADDER',
      balance: { amount: 12_950, currency: 'GBP' },
      invoices: [{ invoiceId: 'INV-LADDER-1' }],
      contactPreferences: { locale: 'en-GB', timeZone: 'Europe/London' },
    });

    const arn = `${runtime.endpoints.stateMachineArn.replace(':stateMachine:', ':execution:')}:ACC-LADDER-case-1`;
    expect(await runtime.stepFunctions.waitForExecution(arn, 5000)).toBe('SUCCEEDED');

    const subjects = (await runtime.emailsTo(email)).map((message) => message.subject);
    expect(subjects).toEqual([
      'A friendly reminder: £129.50 is now due',
      'Your balance of £129.50 is still unpaid',
      expect.stringMatching(/^Final notice: £129\.50 before \d{1,2} [A-Z][a-z]+ 20\d\d$/),
      'Your account has been referred to a collection agency',
    ]);

    const transitions = stateTransitions(await runtime.history(arn));
    expect(transitions).toEqual([
      'Open the case',
      'Wait until the friendly reminder is due',
      'Send friendly reminder and wait for reply',
      'Send firm reminder and wait for reply',
      'Send final notice and wait for reply',
      'Refer to collection agency',
    ]);
    expect(transitions.length).toBeLessThanOrEqual(16);

    const resolved = runtime.eventBridge
      .events()
      .filter(
        (event) =>
          event['detail-type'] === CaseDetailType.caseResolved &&
          (event.detail as { caseId: string }).caseId === 'ACC-LADDER-1',
      );
    expect(resolved.map((event) => (event.detail as { resolution: string }).resolution)).toEqual(['placed']);
    const reminders = runtime.eventBridge
      .events()
      .filter((event) => event['detail-type'] === CaseDetailType.reminderSent);
    expect(reminders.map((event) => (event.detail as { rung: string }).rung)).toEqual([
      'friendly',
      'firm',
      'final',
    ]);
  }, 30_000);

  it('sends nothing more once the case is placed, even when billing reports a payment', async () => {
    const before = (await runtime.emailsTo(email)).length;
    await runtime.putBillingEvent(BillingDetailType.paymentReceived, {
      accountId: 'ACC-LADDER',
      paymentId: 'PAY-AFTER-PLACEMENT',
      amount: { amount: 12_950, currency: 'GBP' },
      paidAt: new Date().toISOString(),
    });
    await runtime.sqs.drained();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await runtime.emailsTo(email)).length).toBe(before);
  });
});
