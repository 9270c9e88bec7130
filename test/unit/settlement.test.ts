import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policyFor } from '../../functions/domain/policy.ts';
import { settlementAmount, settlementOffer } from '../../functions/domain/settlement.ts';

const gbp = (amount: number) => ({ amount, currency: 'GBP' });

describe('early settlement', () => {
  it('takes the discount off the balance, in whole minor units', () => {
    expect(settlementAmount(gbp(12_950), 10)).toEqual(gbp(11_655));
    expect(settlementAmount(gbp(10_000), 5)).toEqual(gbp(9_500));
    expect(settlementAmount({ amount: 12_950, currency: 'JPY' }, 10)).toEqual({
      amount: 11_655,
      currency: 'JPY',
    });
  });

  it('rounds the amount to pay up, so the discount is never more than the policy allows', () => {
    // 10 % off 999p is 899.1p: the debtor pays 900p (a discount of 99p, not 100p).
    expect(settlementAmount(gbp(999), 10)).toEqual(gbp(900));
    expect(settlementAmount(gbp(1), 10)).toEqual(gbp(1));
    expect(settlementAmount(gbp(19), 5)).toEqual(gbp(19));
    expect(settlementAmount(gbp(20), 5)).toEqual(gbp(19));
  });

  it('is the smallest whole amount that is at least the exact discounted balance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), fc.integer({ min: 1, max: 90 }), (balance, p) => {
        const { amount } = settlementAmount(gbp(balance), p);
        expect(Number.isInteger(amount)).toBe(true);
        expect(amount * 100).toBeGreaterThanOrEqual(balance * (100 - p));
        expect((amount - 1) * 100).toBeLessThan(balance * (100 - p));
        expect(amount).toBeLessThanOrEqual(balance);
      }),
    );
  });

  it('refuses a percentage that is not a whole number below 100', () => {
    expect(() => settlementAmount(gbp(100), 12.5)).toThrow(RangeError);
    expect(() => settlementAmount(gbp(100), 100)).toThrow(RangeError);
    expect(() => settlementAmount(gbp(Number.MAX_SAFE_INTEGER), 10)).toThrow(RangeError);
  });

  it('is offered where the policy offers it, valid for its payWithinDays from today', () => {
    expect(settlementOffer(policyFor('consumer'), gbp(12_950), '2026-11-26')).toEqual({
      amount: gbp(11_655),
      discountPercent: 10,
      validUntil: '2026-12-03',
    });
    expect(settlementOffer(policyFor('small-business'), gbp(12_950), '2026-12-30')).toMatchObject({
      amount: gbp(12_303),
      discountPercent: 5,
    });
    expect(settlementOffer(policyFor('enterprise'), gbp(12_950), '2026-11-26')).toBeUndefined();
    expect(settlementOffer(policyFor('consumer'), gbp(0), '2026-11-26')).toBeUndefined();
  });
});

describe('taking up a settlement offer', async () => {
  const { settlementCredit } = await import('../../functions/domain/settlement.ts');
  const offer = {
    amount: { amount: 11_655, currency: 'GBP' },
    discountPercent: 10,
    validUntil: '2026-12-01',
    balanceAtOffer: { amount: 12_950, currency: 'GBP' },
  };
  it('credits the rest when the payments since the offer reach its amount in time', () => {
    expect(settlementCredit(offer, { amount: 1_295, currency: 'GBP' }, '2026-12-01')).toEqual({
      amount: 1_295,
      currency: 'GBP',
    });
  });
  it('credits nothing for less than the offer, after its last day, or with no offer', () => {
    expect(settlementCredit(offer, { amount: 1_296, currency: 'GBP' }, '2026-11-30')).toBeUndefined();
    expect(settlementCredit(offer, { amount: 1_295, currency: 'GBP' }, '2026-12-02')).toBeUndefined();
    expect(settlementCredit(undefined, { amount: 1_295, currency: 'GBP' }, '2026-11-30')).toBeUndefined();
    expect(settlementCredit(offer, { amount: 0, currency: 'GBP' }, '2026-11-30')).toBeUndefined();
  });
});
