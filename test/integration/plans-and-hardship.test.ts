import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import {
  BillingDetailType,
  eventually,
  linkIn,
  overdueInvoice,
  startTestRuntime,
  stateTransitions,
  type TestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 0.1 s: a consumer plan's first instalment (day 14) is due after 1.4 s, the
// second after 4.4 s; the hardship pause (30 days) lasts 3 s.
const DAY_SECONDS = 0.1;
let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime(DAY_SECONDS);
}, 60_000);
afterAll(() => runtime?.close());

const executionArn = (accountId: string) =>
  `${runtime.endpoints.stateMachineArn.replace(':stateMachine:', ':execution:')}:${accountId}-case-1`;
const eventsOf = (detailType: string, caseId: string) =>
  runtime.eventBridge
    .events()
    .filter(
      (event) =>
        event['detail-type'] === detailType && (event.detail as { caseId: string }).caseId === caseId,
    )
    .map((event) => event.detail as Record<string, unknown>);
const emailWith = (email: string, pattern: RegExp, timeoutMs = 8000) =>
  eventually(
    `an email matching ${pattern}`,
    async () => (await runtime.emailsTo(email)).find((m) => pattern.test(m.subject)),
    timeoutMs,
  );

async function caseWithReminder(accountId: string, email: string): Promise<string> {
  await runtime.putBillingEvent(
    BillingDetailType.invoiceOverdue,
    overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email, amount: 30_000 }),
  );
  return linkIn(await eventually('the first reminder', async () => (await runtime.emailsTo(email))[0]));
}

async function submit(accountLink: string, action: string, fields: Record<string, string>) {
  const form = await (await fetch(`${accountLink}/${action}`)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  const response = await fetch(`${accountLink}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
    redirect: 'manual',
  });
  return { form, response };
}

const pay = (accountId: string, paymentId: string, amount: number) =>
  runtime.putBillingEvent(BillingDetailType.paymentReceived, {
    accountId,
    paymentId,
    amount: { amount, currency: 'GBP' },
    paidAt: new Date().toISOString(),
  });

describe('a payment plan', () => {
  it('offers schedules that add up, reminds before an instalment, and closes as paid when the last is paid', async () => {
    const email = 'plan-kept@example.com';
    const link = await caseWithReminder('ACC-PLAN', email);
    const { form, response } = await submit(link, 'plan', { planId: '3x30d' });
    expect(form).toContain('3 payments of about £100.00');
    expect(form).toMatch(/£300\.00/);
    expect(response.status).toBe(303);

    expect((await emailWith(email, /Your payment plan is set up/)).body.text).toContain('£100.00');
    expect(eventsOf(CaseDetailType.planAgreed, 'ACC-PLAN-1')).toEqual([
      expect.objectContaining({ planId: '3x30d', total: { amount: 30_000, currency: 'GBP' } }),
    ]);
    await emailWith(email, /Your instalment of £100\.00 is due on/);
    await pay('ACC-PLAN', 'PAY-PLAN-1', 10_000);
    await pay('ACC-PLAN', 'PAY-PLAN-2', 20_000);
    expect(await runtime.stepFunctions.waitForExecution(executionArn('ACC-PLAN'), 8000)).toBe('SUCCEEDED');
    expect((await runtime.emailsTo(email)).at(-1)?.subject).toBe('Thank you: your account is paid');
    const transitions = stateTransitions(await runtime.history(executionArn('ACC-PLAN')));
    expect(transitions.at(-1)).toBe('Thank the customer and close the case as paid');
  }, 20_000);

  it('nudges when an instalment is missed, and after the policy’s misses ends the plan with the final notice', async () => {
    const email = 'plan-broken@example.com';
    const link = await caseWithReminder('ACC-PLANMISS', email);
    expect((await submit(link, 'plan', { planId: '3x30d' })).response.status).toBe(303);
    await emailWith(email, /We haven't received your instalment/);
    expect(eventsOf(CaseDetailType.instalmentMissed, 'ACC-PLANMISS-1').length).toBeGreaterThanOrEqual(1);
    await emailWith(email, /Your payment plan has ended/);
    await emailWith(email, /^Final notice/);
    expect(eventsOf(CaseDetailType.planBroken, 'ACC-PLANMISS-1')).toHaveLength(1);
  }, 20_000);

  it('refuses a plan that is not on offer, and keeps the form', async () => {
    const link = await caseWithReminder('ACC-PLANBAD', 'plan-bad@example.com');
    const { response } = await submit(link, 'plan', { planId: '99x1d' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('That plan is no longer on offer');
  });
});

describe('financial hardship', () => {
  it('pauses collection with an empathetic note, then offers a plan sized to what they can afford', async () => {
    const email = 'hardship@example.com';
    const link = await caseWithReminder('ACC-HARD', email);
    const { response } = await submit(link, 'hardship', {
      reason: 'job-loss',
      affordable: '25',
      note: 'Lost my job in October.',
    });
    expect(response.status).toBe(303);
    const ack = await emailWith(email, /We've paused collection until/);
    expect(ack.body.html).not.toMatch(/See your account and pay/);
    expect(eventsOf(CaseDetailType.hardshipDeclared, 'ACC-HARD-1')).toEqual([
      expect.objectContaining({ reason: 'job-loss', affordablePerMonth: { amount: 2_500, currency: 'GBP' } }),
    ]);
    const offer = await emailWith(email, /A plan sized to what you can afford/);
    // £300 at £25 a month: twelve instalments of £25.
    expect(offer.body.text).toContain('£25.00');
    const plans = await (await fetch(`${link}/plan`)).text();
    expect(plans).toContain('12 payments of about £25.00');
    expect((await submit(link, 'plan', { planId: '12x30d' })).response.status).toBe(303);
    await emailWith(email, /Your payment plan is set up/);
  }, 20_000);

  it('asks again, keeping what was typed, when the amount cannot be read', async () => {
    const link = await caseWithReminder('ACC-HARDBAD', 'hardship-bad@example.com');
    const { response } = await submit(link, 'hardship', {
      reason: 'illness',
      affordable: 'a little',
      note: 'x',
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('id="affordable-error"');
    expect(page).toContain('value="a little"');
  });
});
