import { describe, expect, it } from 'vitest';
import { CaseDetailType, COLLECTIONS_SOURCE } from '../../functions/contract/events.ts';
import {
  BillingDetailType,
  CONTACT_CHECK_STATES,
  eventually,
  linkIn,
  overdueInvoice,
  useTestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 0.15 s: the consumer ladder (7 + 7 + 7 + 14 days of reply windows) takes ~5 s.
const DAY_SECONDS = 0.15;
const runtime = useTestRuntime(DAY_SECONDS);
const AGENCY_STATE = 'Wait while the agency works the case';

describe('an overdue invoice nobody answers climbs the whole ladder', () => {
  const email = 'ladder@example.com';

  it('reminds kindly, then firmly, offers a plan, checks for signs of hardship, gives final notice, checks again, then refers to the agency', async () => {
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-LADDER', invoiceId: 'INV-LADDER-1', email }),
    );

    const friendly = await eventually(
      'the friendly reminder',
      async () => (await runtime().emailsTo(email))[0],
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
        runtime()
          .eventBridge.events()
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

    // Placed, the case waits for its agency's report (issue 14): the execution goes on running.
    await eventually(
      'the workflow waiting for the agency',
      async () => (await runtime().transitions('ACC-LADDER-case-1')).at(-1) === AGENCY_STATE,
      5000,
    );

    // Placed at night on this fast clock, the notice may wait in the outbox for the morning.
    await runtime().emailWith(email, /referred to a collection agency/);
    const subjects = (await runtime().emailsTo(email)).map((message) => message.subject);
    expect(subjects).toEqual([
      'A friendly reminder: £129.50 is now due',
      'Your balance of £129.50 is still unpaid',
      'You can spread the cost: payment plans for £129.50',
      expect.stringMatching(/^Final notice: £129\.50 before \d{1,2} [A-Z][a-z]+ 20\d\d$/),
      'Your account has been referred to a collection agency',
    ]);

    const transitions = await runtime().transitions('ACC-LADDER-case-1');
    // Each rung asks the contact rules first and, at this clock (an hour lasts 6 ms), may wait for the
    // debtor's morning, or find the window closed again by the time the reminder goes ("Act on the
    // reply" with a deferral, then the check again): nobody answers in this test.
    const contactStates = [...CONTACT_CHECK_STATES, 'Act on the reply'];
    const rungs = transitions
      .filter((state) => !contactStates.includes(state))
      .filter((state, index, states) => state !== states[index - 1]);
    expect(rungs).toEqual([
      'Send friendly reminder and wait for reply',
      'Move up from the friendly reminder',
      'Send firm reminder and wait for reply',
      'Move up from the firm reminder',
      'Offer a payment plan and wait for reply',
      'Move up from the plan offer',
      'Check for signs of hardship',
      'Send final notice and wait for reply',
      'Check for signs of hardship before referral',
      'Refer to collection agency',
      'See whether the agency took the case',
      AGENCY_STATE,
    ]);
    // A rung whose window ran out moves straight up the ladder the intake planned: the contact rules
    // are asked only where the fast clock met the debtor's night (a wait or a deferral), never to
    // find the next rung.
    const waits = transitions.filter((state) => state === 'Wait until we may write').length;
    const deferrals = transitions.filter((state) => state === 'Act on the reply').length - 1;
    expect(transitions.filter((state) => state === 'Check the contact rules').length).toBe(waits + deferrals);
    // The budget, less what the fast clock adds: each wait (wait, check, choice), each deferral
    // (reply, check, choice, the rung again). The check before referral answers "Act on the reply"
    // once. The whole ladder, to the wait for the agency's report (issue 14): 17.
    expect(transitions.length - 3 * waits - 4 * deferrals).toBeLessThanOrEqual(17);

    expect(runtime().resolutions('ACC-LADDER-1')).toEqual(['placed']);
    const reminders = runtime().eventsOf(CaseDetailType.reminderSent);
    expect(reminders.map((detail) => detail.rung)).toEqual(['friendly', 'firm', 'final']);
    // The plan offer proposed the policy's schedules, each adding up to the balance exactly.
    const [offered] = runtime().eventsOf(CaseDetailType.planOffered, 'ACC-LADDER-1');
    const plans = (offered?.plans ?? []) as { planId: string }[];
    expect(plans.map((plan) => plan.planId)).toEqual(['2x30d', '3x30d', '6x30d']);
    // Both checks found no sign of hardship, and said so.
    expect(
      runtime()
        .eventsOf(CaseDetailType.hardshipCheckCompleted, 'ACC-LADDER-1')
        .map((detail) => [detail.checkpoint, detail.outcome, detail.signs]),
    ).toEqual([
      ['final-notice', 'go-on', []],
      ['agency-referral', 'go-on', []],
    ]);
  }, 30_000);

  it('sends no reminder once the case is placed; a payment in full recalls it from the agency and closes it with thanks', async () => {
    const before = (await runtime().emailsTo(email)).length;
    await runtime().pay('ACC-LADDER', 'PAY-AFTER-PLACEMENT', 12_950);
    await runtime().sqs.drained();
    // Issue 14: the payment goes to the agency as a recall (it must stop), and the case closes as paid.
    expect(await runtime().waitForExecution('ACC-LADDER-case-1', 8000)).toBe('SUCCEEDED');
    const recall = await eventually('the recall at the agency', async () =>
      runtime()
        .agency.received()
        .find((item) => item.accountId === 'ACC-LADDER' && item.kind === 'recall'),
    );
    expect(recall.detail).toMatchObject({ reason: 'paid-in-full', balance: { amount: 0, currency: 'GBP' } });
    await runtime().emailWith(email, /thank/i);
    const after = (await runtime().emailsTo(email)).slice(before).map((message) => message.subject);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toMatch(/reminder|unpaid|final notice/i);
  });
});

describe('a segment whose policy places the plan offer after the friendly reminder', () => {
  const email = 'ladder-early-plan@example.com';

  it('offers the plan second, then the firm reminder, then checks for signs of hardship before the final notice', async () => {
    const invoice = overdueInvoice({ accountId: 'ACC-LADDER-SB', invoiceId: 'INV-LADDER-SB-1', email });
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
      ...invoice,
      debtor: { ...invoice.debtor, segment: 'small-business' },
    });
    await eventually(
      'the workflow waiting for the agency',
      async () => (await runtime().transitions('ACC-LADDER-SB-case-1')).at(-1) === AGENCY_STATE,
      20_000,
    );
    const transitions = await runtime().transitions('ACC-LADDER-SB-case-1');
    const contactStates = [...CONTACT_CHECK_STATES, 'Act on the reply'];
    expect(
      transitions
        .filter((state) => !contactStates.includes(state))
        .filter((state, index, states) => state !== states[index - 1]),
    ).toEqual([
      'Send friendly reminder and wait for reply',
      'Move up from the friendly reminder',
      'Offer a payment plan and wait for reply',
      'Move up from the plan offer',
      'Send firm reminder and wait for reply',
      'Move up from the firm reminder',
      'Check for signs of hardship',
      'Send final notice and wait for reply',
      'Check for signs of hardship before referral',
      'Refer to collection agency',
      'See whether the agency took the case',
      AGENCY_STATE,
    ]);
    // The same budget as the default ladder: the offer's place costs no state.
    const waits = transitions.filter((state) => state === 'Wait until we may write').length;
    const deferrals = transitions.filter((state) => state === 'Act on the reply').length - 1;
    expect(transitions.length - 3 * waits - 4 * deferrals).toBeLessThanOrEqual(17);
    const plans = runtime().eventsOf(CaseDetailType.planOffered, 'ACC-LADDER-SB-1');
    expect(plans).toHaveLength(1);
    expect(
      runtime()
        .eventsOf(CaseDetailType.reminderSent, 'ACC-LADDER-SB-1')
        .map((detail) => detail.rung),
    ).toEqual(['friendly', 'firm', 'final']);
    expect(
      runtime()
        .eventsOf(CaseDetailType.hardshipCheckCompleted, 'ACC-LADDER-SB-1')
        .map((detail) => detail.checkpoint),
    ).toEqual(['final-notice', 'agency-referral']);
    // Placed at night on this fast clock, the notice may wait in the outbox for the morning.
    await runtime().emailWith(email, /referred to a collection agency/, 20_000);
    expect((await runtime().emailsTo(email)).map((message) => message.subject)).toEqual([
      'A friendly reminder: £129.50 is now due',
      'You can spread the cost: payment plans for £129.50',
      'Your balance of £129.50 is still unpaid',
      expect.stringMatching(/^Final notice: £129\.50 before \d{1,2} [A-Z][a-z]+ 20\d\d$/),
      'Your account has been referred to a collection agency',
    ]);
  }, 40_000);
});
