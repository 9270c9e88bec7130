import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import {
  acceptPlan,
  type CasePlan,
  checkPlan,
  declareHardship,
  parseAmount,
  planToday,
} from '../../functions/domain/plan-journey.ts';
import { policyFor } from '../../functions/domain/policy.ts';

const policy = policyFor('consumer');
const now = new Date('2026-11-23T12:00:00Z');
const record: CaseRecord = {
  caseId: 'A-1',
  accountId: 'A',
  caseNumber: 1,
  status: 'open',
  rung: 'friendly',
  balance: { amount: 30_000, currency: 'GBP' },
  invoices: [{ invoiceId: 'I', amountDue: { amount: 30_000, currency: 'GBP' }, dueDate: '2026-11-01' }],
  debtor: {
    name: 'A',
    email: 'a@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  openedAt: now.toISOString(),
  executionName: 'A-case-1',
  version: 1,
};
const context = { now, daySeconds: 86_400, replyId: 'r', policy };

describe('amounts typed by a person', () => {
  it('become exact minor units, with a dot or a comma', () => {
    expect(parseAmount('45', 2)).toBe(4500);
    expect(parseAmount('45.5', 2)).toBe(4550);
    expect(parseAmount(' 45,05 ', 2)).toBe(4505);
    expect(parseAmount('1000', 0)).toBe(1000);
    for (const bad of ['', '-5', '4.555', '1e3', 'forty', '45.5.5'])
      expect(parseAmount(bad, 2)).toBeUndefined();
  });

  it('never lose or invent a minor unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        (units, cents) => {
          expect(parseAmount(`${units}.${String(cents).padStart(2, '0')}`, 2)).toBe(units * 100 + cents);
        },
      ),
    );
  });
});

describe('accepting a plan', () => {
  it('accepts an offered plan and pauses until the reminder before the first instalment', () => {
    const result = acceptPlan(record, { planId: '3x30d' }, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.detail).toMatchObject({ planId: '3x30d', total: { amount: 30_000, currency: 'GBP' } });
    // First instalment in 14 days, reminder 3 days before: the check runs on day 11.
    expect(result.change.reply).toMatchObject({
      outcome: 'paused',
      reason: 'plan',
      until: '2026-12-03',
      pauseSeconds: 11 * 86_400,
    });
  });

  it('refuses a plan that is not on offer', () => {
    expect(acceptPlan(record, { planId: '99x30d' }, context)).toEqual({
      ok: false,
      errors: { planId: 'plan-unknown' },
    });
  });
});

describe('hardship', () => {
  it('pauses for the policy’s hardship period and records what they can afford', () => {
    const result = declareHardship(
      record,
      { reason: 'job-loss', affordable: '50', note: '' },
      { ...context, currencyDigits: 2 },
    );
    expect(result.ok && result.change.reply).toMatchObject({
      outcome: 'paused',
      reason: 'hardship',
      until: '2026-12-22',
    });
    expect(result.ok && result.detail).toMatchObject({
      affordablePerMonth: { amount: 5000, currency: 'GBP' },
    });
  });

  it('refuses an amount it cannot read', () => {
    expect(
      declareHardship(
        record,
        { reason: 'illness', affordable: 'some', note: '' },
        { ...context, currencyDigits: 2 },
      ),
    ).toEqual({
      ok: false,
      errors: { affordable: 'amount-format' },
    });
  });
});

describe('plan checkpoints', () => {
  const accepted = acceptPlan(record, { planId: '3x30d' }, context);
  const plan = (accepted.ok ? accepted.change.set?.plan : undefined) as CasePlan;
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
  const withPaid = (paid: number, p = plan) => ({
    ...record,
    plan: p,
    balance: { amount: 30_000 - paid, currency: 'GBP' },
  });

  it('counts the plan’s days from acceptance', () => {
    expect(planToday(plan, at(11), 86_400)).toBe('2026-12-04');
    expect(planToday(plan, new Date(now.getTime() + 11_000), 1)).toBe('2026-12-04');
  });

  it('reminds before an instalment, once', () => {
    const check = checkPlan(withPaid(0), policy, { now: at(11), daySeconds: 86_400, replyId: 'c' });
    expect(check.emails.map((email) => email.kind)).toEqual(['instalmentReminder']);
    expect(check.reply).toMatchObject({ outcome: 'paused', reason: 'plan' });
    const again = checkPlan(withPaid(0, check.change.set?.plan as CasePlan), policy, {
      now: at(11),
      daySeconds: 86_400,
      replyId: 'c',
    });
    expect(again.emails).toEqual([]);
  });

  it('nudges once when an instalment is missed, and breaks the plan after the policy’s misses', () => {
    const missed = checkPlan(withPaid(0), policy, { now: at(15), daySeconds: 86_400, replyId: 'c' });
    expect(missed.emails.map((email) => email.kind)).toContain('instalmentMissed');
    expect(missed.events.map((event) => event.type)).toEqual(['InstalmentMissed']);
    const broken = checkPlan(withPaid(0, missed.change.set?.plan as CasePlan), policy, {
      now: at(45),
      daySeconds: 86_400,
      replyId: 'c',
    });
    expect(broken.reply).toEqual({ outcome: 'resume', step: 'final', because: 'plan-broken' });
    expect(broken.events.map((event) => event.type)).toEqual(['PlanBroken']);
  });

  it('keeps a plan paid on time in good standing, and completes it when all is paid', () => {
    const onTime = checkPlan(withPaid(10_000), policy, { now: at(15), daySeconds: 86_400, replyId: 'c' });
    expect(onTime.emails.filter((email) => email.kind !== 'instalmentReminder')).toEqual([]);
    expect(onTime.reply.outcome).toBe('paused');
    expect(
      checkPlan(withPaid(30_000), policy, { now: at(15), daySeconds: 86_400, replyId: 'c' }).reply,
    ).toEqual({ outcome: 'paid' });
  });
});
