import { describe, expect, it } from 'vitest';
import {
  checkPromiseDate,
  latestPromiseDate,
  pauseUntil,
  ReplySchema,
  stepAfter,
} from '../../functions/domain/journey.ts';
import { policyFor } from '../../functions/domain/policy.ts';

const consumer = policyFor('consumer');

describe('the journey’s decisions', () => {
  it('moves one reminder up, and no further than the agency', () => {
    expect(stepAfter('friendly', consumer)).toBe('firm');
    expect(stepAfter('firm', consumer)).toBe('final');
    expect(stepAfter('planOffer', consumer)).toBe('final');
    expect(stepAfter('final', consumer)).toBe('agency');
    // A plan offer placed after the friendly reminder: the next reminder after it is the firm one.
    const early = { planOffer: { ...consumer.planOffer, after: 'friendly' as const } };
    expect(stepAfter('friendly', early)).toBe('firm');
    expect(stepAfter('planOffer', early)).toBe('firm');
    expect(stepAfter('firm', early)).toBe('final');
  });

  it('accepts a promise within the policy’s limit and pauses until the date plus grace', () => {
    expect(checkPromiseDate('2026-12-01', consumer, '2026-11-23')).toEqual({
      ok: true,
      lastDay: '2026-12-03',
    });
    expect(checkPromiseDate('2026-11-23', consumer, '2026-11-23')).toEqual({
      ok: true,
      lastDay: '2026-11-25',
    });
    expect(checkPromiseDate('2026-11-22', consumer, '2026-11-23')).toEqual({
      ok: false,
      problem: 'in-the-past',
    });
    expect(checkPromiseDate(latestPromiseDate(consumer, '2026-11-23'), consumer, '2026-11-23').ok).toBe(true);
    expect(checkPromiseDate('2027-01-23', consumer, '2026-11-23')).toEqual({ ok: false, problem: 'too-far' });
  });

  it('pauses whole policy days in the debtor’s calendar, scaled to the deployment’s day', () => {
    const now = new Date('2026-11-23T22:30:00Z');
    const london = pauseUntil({
      reason: 'promise',
      lastDay: '2026-11-25',
      now,
      timeZone: 'Europe/London',
      daySeconds: 10,
      id: 'r1',
    });
    expect(london).toEqual({
      id: 'r1',
      outcome: 'paused',
      reason: 'promise',
      until: '2026-11-25',
      pauseSeconds: 30,
    });
    // In Tokyo it is already the 24th: one day less.
    const tokyo = pauseUntil({
      reason: 'promise',
      lastDay: '2026-11-25',
      now,
      timeZone: 'Asia/Tokyo',
      daySeconds: 10,
      id: 'r1',
    });
    expect(tokyo.pauseSeconds).toBe(20);
    expect(ReplySchema.parse(london)).toEqual(london);
  });

  it('never pauses for less than a second (the workflow needs a positive timeout)', () => {
    const reply = pauseUntil({
      reason: 'callback',
      lastDay: '2026-01-01',
      now: new Date('2026-11-23T12:00:00Z'),
      timeZone: 'UTC',
      daySeconds: 0.1,
      id: 'x',
    });
    expect(reply.pauseSeconds).toBe(1);
  });
});

describe('billing updates to a case', async () => {
  const { resolveDispute, cancelInvoice, pauseCollection, resumeCollection } = await import(
    '../../functions/domain/case-updates.ts'
  );
  const base = {
    caseId: 'A-1',
    accountId: 'A',
    caseNumber: 1,
    status: 'open' as const,
    rung: 'firm' as const,
    balance: { amount: 15_000, currency: 'GBP' },
    invoices: [
      { invoiceId: 'I1', amountDue: { amount: 10_000, currency: 'GBP' }, dueDate: '2026-11-01' },
      { invoiceId: 'I2', amountDue: { amount: 5_000, currency: 'GBP' }, dueDate: '2026-11-02' },
    ],
    debtor: {
      name: 'A',
      email: 'a@example.com',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      segment: 'consumer',
    },
    openedAt: '2026-11-20T10:00:00Z',
    executionName: 'A-case-1',
    version: 1,
  };
  const disputed = {
    ...base,
    dispute: { disputeId: 'd1', reason: 'other', openedAt: 'x', status: 'open' as const },
  };

  it('an upheld dispute credits the case; a rejected one resumes at the rung it interrupted', () => {
    expect(resolveDispute(disputed, { outcome: 'upheld' }, 'r')?.reply).toEqual({
      id: 'r',
      outcome: 'credited',
      reason: 'dispute-upheld',
    });
    expect(resolveDispute(disputed, { outcome: 'rejected' }, 'r')?.reply).toEqual({
      id: 'r',
      outcome: 'resume',
      step: 'firm',
      because: 'dispute-rejected',
    });
  });

  it('ignores a resolution with no open dispute, or for another dispute', () => {
    expect(resolveDispute(base, { outcome: 'upheld' }, 'r')).toBeUndefined();
    expect(resolveDispute(disputed, { outcome: 'upheld', disputeId: 'older' }, 'r')).toBeUndefined();
  });

  it('a cancelled invoice lowers the balance once; at zero the case is credited', () => {
    const one = cancelInvoice(base, { invoiceId: 'I2' }, 'r');
    expect(one?.set?.balance).toEqual({ amount: 10_000, currency: 'GBP' });
    expect(one?.reply).toBeUndefined();
    expect(cancelInvoice({ ...base, cancelledInvoiceIds: ['I2'] }, { invoiceId: 'I2' }, 'r')).toBeUndefined();
    const all = cancelInvoice(
      { ...base, balance: { amount: 10_000, currency: 'GBP' } },
      { invoiceId: 'I1' },
      'r',
    );
    expect(all?.reply).toEqual({ id: 'r', outcome: 'credited', reason: 'invoice-cancelled' });
    expect(cancelInvoice(base, { invoiceId: 'NOT-HERE' }, 'r')).toBeUndefined();
  });

  it('a legal pause happens once and resumes at the rung it interrupted', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const paused = pauseCollection(
      base,
      { reason: 'breathing-space', until: '2027-01-21' },
      { now, daySeconds: 1, replyId: 'r', openEndedDays: 365 },
    );
    expect(paused?.reply).toMatchObject({ outcome: 'paused', reason: 'legal-pause', until: '2027-01-21' });
    const inPause = { ...base, legalPause: { reason: 'breathing-space', since: now.toISOString() } };
    expect(
      pauseCollection(
        inPause,
        { reason: 'breathing-space' },
        { now, daySeconds: 1, replyId: 'r', openEndedDays: 365 },
      ),
    ).toBeUndefined();
    expect(resumeCollection(inPause, { now, replyId: 'r' })?.reply).toEqual({
      id: 'r',
      outcome: 'resume',
      step: 'firm',
      because: 'collection-resumed',
    });
    expect(resumeCollection(base, { now, replyId: 'r' })).toBeUndefined();
  });
});
