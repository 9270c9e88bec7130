import { describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { addDays, localDate } from '../../functions/domain/dates.ts';
import { BillingDetailType, eventually, overdueInvoice, useTestRuntime } from '../support/local-runtime.ts';

// A policy day lasts 0.2 s: the consumer's final notice goes after 7 + 7 + 7 days (~4.2 s; the plan
// offer and the hardship check come before it), the enterprise's after 14 + 14 + 14 (~8.4 s). (A second runtime: one per test file, one day length each.)
const DAY_SECONDS = 0.2;
const runtime = useTestRuntime(DAY_SECONDS);

describe('settle now', () => {
  it('the final notice offers early settlement where the policy does, and billing learns the amount', async () => {
    const invoice = (accountId: string, email: string, segment: string) => {
      const detail = overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email, amount: 12_950 });
      return { ...detail, debtor: { ...detail.debtor, segment } };
    };
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      invoice('ACC-SETTLE', 'settle@example.com', 'consumer'),
    );
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      invoice('ACC-NO-SETTLE', 'no-settle@example.com', 'enterprise'),
    );

    // Consumer: 10 % off, rounded so the debtor pays whole pence, for 7 days.
    const notice = await runtime().emailWith('settle@example.com', /^Final notice/);
    const today = localDate(new Date(), 'Europe/London');
    expect(notice.body.text).toContain('Settle in full for less');
    expect(notice.body.text).toMatch(
      /If you pay £116\.55 by \d{1,2} [A-Z][a-z]+ 20\d\d, instead of the full £129\.50/,
    );
    // The events go on the bus just after the email: wait for them rather than race them.
    await eventually(
      'SettlementOffered',
      async () => runtime().eventsOf(CaseDetailType.settlementOffered, 'ACC-SETTLE-1').length > 0,
    );
    expect(runtime().eventsOf(CaseDetailType.settlementOffered, 'ACC-SETTLE-1')).toEqual([
      {
        caseId: 'ACC-SETTLE-1',
        accountId: 'ACC-SETTLE',
        amount: { amount: 11_655, currency: 'GBP' },
        balance: { amount: 12_950, currency: 'GBP' },
        discountPercent: 10,
        validUntil: addDays(today, 7),
        at: expect.any(String),
      },
    ]);
    // The agency referral date is the final notice's own, as before.
    expect(runtime().eventsOf(CaseDetailType.reminderSent, 'ACC-SETTLE-1').at(-1)).toMatchObject({
      rung: 'final',
      agencyReferralDate: addDays(today, 14),
    });

    // Paying the offered amount in time settles the case in full: the rest is credited.
    await runtime().pay('ACC-SETTLE', 'PAY-SETTLE', 11_655);
    expect(await runtime().waitForExecution('ACC-SETTLE-case-1', 5000)).toBe('SUCCEEDED');
    expect(runtime().eventsOf(CaseDetailType.caseResolved, 'ACC-SETTLE-1')).toEqual([
      expect.objectContaining({ resolution: 'paid', balance: { amount: 0, currency: 'GBP' } }),
    ]);

    // Enterprise offers no settlement: the final notice goes without one, and billing hears of none.
    // Its window is 09:00–17:00 and its rungs twice as long: on a loaded machine the scaled clock
    // meets more closed hours, so give it the time the consumer's notice had and more.
    const plain = await runtime().emailWith('no-settle@example.com', /^Final notice/, 20_000);
    expect(plain.body.text).not.toContain('Settle in full');
    expect(runtime().eventsOf(CaseDetailType.settlementOffered, 'ACC-NO-SETTLE-1')).toEqual([]);
  }, 40_000);
});
