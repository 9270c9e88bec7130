import { describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { eventually, submitForm, useTestRuntime } from '../support/local-runtime.ts';

// Issue 11 on the real state machine: the plan offer rung, its email, its page and its POST. A policy
// day lasts half a second: the offer waits 3.5 s for a reply, time enough for a GET, a look at the
// workflow and the POST on a busy machine (with 0.1 s days the offer could time out under them).
const DAY_SECONDS = 0.5;
const runtime = useTestRuntime(DAY_SECONDS);

describe('the plan offer', () => {
  it('proposes schedules by email; its link shows the plan chosen without changing the case; the POST accepts it', async () => {
    const email = 'offer-accepted@example.com';
    await runtime().caseWithReminder('ACC-OFFER', email, { amount: 30_000 });
    const offer = await runtime().emailWith(
      email,
      /^You can spread the cost: payment plans for £300\.00$/,
      30_000,
    );
    // The event follows the email (it tells of an offer made).
    await eventually(
      'PlanOffered',
      async () => runtime().eventsOf(CaseDetailType.planOffered, 'ACC-OFFER-1')[0],
    );
    expect(runtime().eventsOf(CaseDetailType.planOffered, 'ACC-OFFER-1')).toEqual([
      expect.objectContaining({
        balance: { amount: 30_000, currency: 'GBP' },
        plans: [
          expect.objectContaining({ planId: '2x30d' }),
          expect.objectContaining({ planId: '3x30d' }),
          expect.objectContaining({ planId: '6x30d' }),
        ],
      }),
    ]);
    const choose = /Choose option 2: (\S+)/.exec(offer.body.text ?? '')?.[1] ?? '';
    expect(choose).toMatch(/\/plan\?plan=3x30d$/);

    // A GET (a mail scanner, a link preview, the debtor's click) shows the plan chosen, and only shows it.
    const before = await runtime().transitions('ACC-OFFER-case-1');
    const page = await fetch(choose);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/id="plan-3x30d" name="planId" value="3x30d" checked/);
    expect(html).not.toMatch(/value="2x30d" checked/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runtime().eventsOf(CaseDetailType.planAgreed, 'ACC-OFFER-1')).toEqual([]);
    expect(await runtime().transitions('ACC-OFFER-case-1')).toEqual(before);
    expect(before.at(-1)).toBe('Offer a payment plan and wait for reply');

    // Accepting takes the page's POST (with its CSRF token).
    const response = await submitForm(choose.replace(/\/plan\?plan=3x30d$/, ''), 'plan', { planId: '3x30d' });
    expect(response.status).toBe(303);
    await runtime().emailWith(email, /Your payment plan is set up/);
    await eventually(
      'PlanAgreed',
      async () => runtime().eventsOf(CaseDetailType.planAgreed, 'ACC-OFFER-1')[0],
    );
    expect(runtime().eventsOf(CaseDetailType.planAgreed, 'ACC-OFFER-1')).toEqual([
      expect.objectContaining({ planId: '3x30d', total: { amount: 30_000, currency: 'GBP' } }),
    ]);
    await eventually('the plan to hold the case', async () =>
      (await runtime().transitions('ACC-OFFER-case-1')).includes('Pause collection and wait'),
    );
  }, 90_000);
});
