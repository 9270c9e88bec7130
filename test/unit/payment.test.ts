import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { invoiceRefOf, newCase } from '../../functions/domain/case.ts';
import { CurrencyMismatchError } from '../../functions/domain/money.ts';
import { paymentEffect } from '../../functions/domain/payment.ts';
import { replyInsteadOfTurn } from '../../functions/domain/pending-reply.ts';

const debtor = {
  name: 'Ana Ruiz',
  email: 'ana@example.com',
  locale: 'es',
  timeZone: 'Europe/Madrid',
  segment: 'consumer',
};
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const offer = {
  amount: gbp(9_000),
  discountPercent: 10,
  validUntil: '2026-12-10',
  balanceAtOffer: gbp(10_000),
};

describe('a payment against the case', () => {
  it('lowers the balance and tells the workflow nothing while something is owed', () => {
    expect(
      paymentEffect({ balance: gbp(10_000), debtor }, { paymentId: 'P1', amount: gbp(4_000) }, new Date()),
    ).toEqual({
      balance: gbp(6_000),
    });
  });

  it('tells the workflow the case is paid once nothing is owed', () => {
    expect(
      paymentEffect({ balance: gbp(10_000), debtor }, { paymentId: 'P1', amount: gbp(10_000) }, new Date()),
    ).toEqual({
      balance: gbp(0),
      reply: { id: 'payment-P1', outcome: 'paid', paymentId: 'P1' },
    });
  });

  it('credits the rest when the payment takes up the settlement offer by its last day (the debtor’s)', () => {
    // 23:30 UTC on the 10th is already the 11th in Madrid: too late.
    const lastDay = new Date('2026-12-10T22:30:00Z');
    const tooLate = new Date('2026-12-10T23:30:00Z');
    const record = { balance: gbp(10_000), debtor, settlementOffer: offer };
    expect(paymentEffect(record, { paymentId: 'P2', amount: gbp(9_000) }, lastDay)).toEqual({
      balance: gbp(0),
      credit: gbp(1_000),
      reply: { id: 'payment-P2', outcome: 'paid', paymentId: 'P2' },
    });
    expect(paymentEffect(record, { paymentId: 'P2', amount: gbp(9_000) }, tooLate)).toEqual({
      balance: gbp(1_000),
    });
  });

  it('refuses a payment in another currency', () => {
    expect(() =>
      paymentEffect(
        { balance: gbp(10_000), debtor },
        { paymentId: 'P3', amount: { amount: 1, currency: 'EUR' } },
        new Date(),
      ),
    ).toThrow(CurrencyMismatchError);
  });
});

describe('a new case', () => {
  it('is open, owes its first invoice, and is named after the account and its number', () => {
    const invoice = invoiceRefOf({
      invoiceId: 'INV-1',
      amountDue: gbp(500),
      dueDate: '2026-11-01',
      paymentUrl: undefined,
    });
    expect(invoice).toEqual({ invoiceId: 'INV-1', amountDue: gbp(500), dueDate: '2026-11-01' });
    const record = newCase({
      accountId: 'ACC-9',
      caseNumber: 3,
      invoice,
      debtor,
      openedAt: '2026-11-05T10:00:00.000Z',
      timeZoneKnown: false,
    });
    expect(record).toEqual({
      caseId: 'ACC-9-3',
      accountId: 'ACC-9',
      caseNumber: 3,
      status: 'open',
      balance: gbp(500),
      invoices: [invoice],
      debtor,
      timeZoneKnown: false,
      openedAt: '2026-11-05T10:00:00.000Z',
      executionName: 'ACC-9-case-3',
      version: 1,
    });
    expect(
      newCase({ accountId: 'ACC-9', caseNumber: 1, invoice, debtor, openedAt: 'x', timeZoneKnown: true }),
    ).not.toHaveProperty('timeZoneKnown');
  });
});

describe('what a waiting state is told instead of its turn', () => {
  const base: Pick<CaseRecord, 'status' | 'balance' | 'version'> = {
    status: 'open',
    balance: gbp(100),
    version: 7,
  };
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('is the reply waiting on the case, without the marks of its delivery', () => {
    const pendingReply = {
      id: 'r1',
      outcome: 'paid' as const,
      deliveredTo: 'old-token',
      deliveringSince: '2026-11-23T09:00:00Z',
    };
    expect(replyInsteadOfTurn({ ...base, pendingReply }, now)).toEqual({ id: 'r1', outcome: 'paid' });
  });

  it('is nothing while another state is being given the reply', () => {
    const pendingReply = { id: 'r1', outcome: 'paid' as const, deliveringSince: '2026-11-23T09:59:30Z' };
    expect(replyInsteadOfTurn({ ...base, pendingReply }, now)).toBeUndefined();
  });

  it('is "paid" when an open case owes nothing, and nothing for a closed one', () => {
    expect(replyInsteadOfTurn({ ...base, balance: gbp(0) }, now)).toEqual({
      id: 'settled-7',
      outcome: 'paid',
    });
    expect(replyInsteadOfTurn({ ...base, status: 'paid', balance: gbp(0) }, now)).toBeUndefined();
    expect(replyInsteadOfTurn(base, now)).toBeUndefined();
  });
});
