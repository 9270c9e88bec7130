import { describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { submitForm, useTestRuntime } from '../support/local-runtime.ts';

// A policy day lasts 0.1 s: a consumer plan's first instalment (day 14) is due after 1.4 s, the
// second after 4.4 s; the hardship pause (30 days) lasts 3 s.
const DAY_SECONDS = 0.1;
const runtime = useTestRuntime(DAY_SECONDS);

describe('a payment plan', () => {
  it('offers schedules that add up, reminds before an instalment, and closes as paid when the last is paid', async () => {
    const email = 'plan-kept@example.com';
    const link = await runtime().caseWithReminder('ACC-PLAN', email, { amount: 30_000 });
    const response = await submitForm(link, 'plan', { planId: '3x30d' });
    expect(response.form).toContain('3 payments of about £100.00');
    expect(response.form).toMatch(/£300\.00/);
    expect(response.status).toBe(303);

    expect((await runtime().emailWith(email, /Your payment plan is set up/)).body.text).toContain('£100.00');
    expect(runtime().eventsOf(CaseDetailType.planAgreed, 'ACC-PLAN-1')).toEqual([
      expect.objectContaining({ planId: '3x30d', total: { amount: 30_000, currency: 'GBP' } }),
    ]);
    await runtime().emailWith(email, /Your instalment of £100\.00 is due on/);
    await runtime().pay('ACC-PLAN', 'PAY-PLAN-1', 10_000);
    await runtime().pay('ACC-PLAN', 'PAY-PLAN-2', 20_000);
    expect(await runtime().waitForExecution('ACC-PLAN-case-1', 8000)).toBe('SUCCEEDED');
    // At this clock (an hour lasts 4 ms) the thank-you may wait for the morning or the weekly cap.
    await runtime().emailWith(email, /your account is paid/);
    expect((await runtime().emailsTo(email)).at(-1)?.subject).toBe('Thank you: your account is paid');
    const transitions = await runtime().transitions('ACC-PLAN-case-1');
    expect(transitions.at(-1)).toBe('Thank the customer and close the case as paid');
  }, 20_000);

  it('nudges when an instalment is missed, and after the policy’s misses ends the plan with the final notice', async () => {
    const email = 'plan-broken@example.com';
    const link = await runtime().caseWithReminder('ACC-PLANMISS', email, { amount: 30_000 });
    expect((await submitForm(link, 'plan', { planId: '3x30d' })).status).toBe(303);
    await runtime().emailWith(email, /We haven't received your instalment/);
    expect(
      runtime().eventsOf(CaseDetailType.instalmentMissed, 'ACC-PLANMISS-1').length,
    ).toBeGreaterThanOrEqual(1);
    await runtime().emailWith(email, /Your payment plan has ended/);
    await runtime().emailWith(email, /^Final notice/);
    expect(runtime().eventsOf(CaseDetailType.planBroken, 'ACC-PLANMISS-1')).toHaveLength(1);
  }, 20_000);

  it('refuses a plan that is not on offer, and keeps the form', async () => {
    const link = await runtime().caseWithReminder('ACC-PLANBAD', 'plan-bad@example.com', { amount: 30_000 });
    const response = await submitForm(link, 'plan', { planId: '99x1d' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('That plan is no longer on offer');
  });
});

describe('financial hardship', () => {
  it('pauses collection with an empathetic note, then offers a plan sized to what they can afford', async () => {
    const email = 'hardship@example.com';
    const link = await runtime().caseWithReminder('ACC-HARD', email, { amount: 30_000 });
    const response = await submitForm(link, 'hardship', {
      reason: 'job-loss',
      affordable: '25',
      note: 'Lost my job in October.',
    });
    expect(response.status).toBe(303);
    const ack = await runtime().emailWith(email, /We've paused collection until/);
    expect(ack.body.html).not.toMatch(/See your account and pay/);
    expect(runtime().eventsOf(CaseDetailType.hardshipDeclared, 'ACC-HARD-1')).toEqual([
      expect.objectContaining({ reason: 'job-loss', affordablePerMonth: { amount: 2_500, currency: 'GBP' } }),
    ]);
    const offer = await runtime().emailWith(email, /A plan sized to what you can afford/);
    // £300 at £25 a month: twelve instalments of £25.
    expect(offer.body.text).toContain('£25.00');
    const plans = await (await fetch(`${link}/plan`)).text();
    expect(plans).toContain('12 payments of about £25.00');
    expect((await submitForm(link, 'plan', { planId: '12x30d' })).status).toBe(303);
    await runtime().emailWith(email, /Your payment plan is set up/);
  }, 20_000);

  it('asks again, keeping what was typed, when the amount cannot be read', async () => {
    const link = await runtime().caseWithReminder('ACC-HARDBAD', 'hardship-bad@example.com', {
      amount: 30_000,
    });
    const response = await submitForm(link, 'hardship', {
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
