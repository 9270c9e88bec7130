import { addDays } from './dates.ts';
import { type Money, money } from './money.ts';
import type { Policy } from './policy.ts';

export type SettlementOffer = {
  /** What billing accepts as payment in full: the balance less the discount. */
  amount: Money;
  discountPercent: number;
  /** The last day (in the debtor's calendar) the offer may be taken up. */
  validUntil: string;
};

/**
 * The amount that settles `balance` in full with `discountPercent` off, in whole minor units. The
 * discount is never more than the policy allows: where the exact amount falls between two minor
 * units, the debtor pays the next one up (10 % off 999p is 899.1p: 900p).
 */
export function settlementAmount(balance: Money, discountPercent: number): Money {
  if (!Number.isInteger(discountPercent) || discountPercent < 0 || discountPercent >= 100)
    throw new RangeError(`${discountPercent} is not a whole percentage from 0 to 99`);
  // Integers only: balance × (100 − p) is exact, then a division by 100 that rounds up.
  const hundredths = balance.amount * (100 - discountPercent);
  if (!Number.isSafeInteger(hundredths)) throw new RangeError(`${balance.amount} is too large to discount`);
  const whole = Math.trunc(hundredths / 100);
  return money(hundredths > whole * 100 ? whole + 1 : whole, balance.currency);
}

/**
 * Early settlement at the final notice, where the policy offers it: the discounted amount, valid
 * from today (the debtor's) for the policy's `payWithinDays`. Nothing to offer on a settled balance.
 */
export function settlementOffer(policy: Policy, balance: Money, today: string): SettlementOffer | undefined {
  const terms = policy.settlement;
  if (!terms || balance.amount <= 0) return undefined;
  return {
    amount: settlementAmount(balance, terms.discountPercent),
    discountPercent: terms.discountPercent,
    validUntil: addDays(today, terms.payWithinDays),
  };
}

/** An offer made on the case: what it settles, and the balance it was made against. */
export type OfferOnCase = SettlementOffer & { balanceAtOffer: Money };

/**
 * Whether a payment takes up the settlement offer: made by the last day, and the payments since
 * the offer reach its amount. Returns the discount to credit (the rest of the balance), or undefined.
 */
export function settlementCredit(
  offer: OfferOnCase | undefined,
  balanceAfterPayment: Money,
  today: string,
): Money | undefined {
  if (!offer || balanceAfterPayment.amount <= 0 || today > offer.validUntil) return undefined;
  const paidSinceOffer = offer.balanceAtOffer.amount - balanceAfterPayment.amount;
  return paidSinceOffer >= offer.amount.amount ? balanceAfterPayment : undefined;
}
