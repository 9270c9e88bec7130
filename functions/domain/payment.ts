import type { CaseRecord } from './case.ts';
import { localDate } from './dates.ts';
import type { Reply } from './journey.ts';
import { isSettled, type Money, subtract } from './money.ts';
import { settlementCredit } from './settlement.ts';

/** What a payment does to an open case: its new balance, the settlement credit, and the workflow's reply. */
export type PaymentEffect = {
  balance: Money;
  /** The rest of the balance, credited because the payment took up the final notice's offer. */
  credit?: Money;
  /** Set when nothing is owed any more: the waiting state (now or the next one) is told the case is paid. */
  reply?: Reply;
};

/**
 * A payment against the case, pure: the balance lowered by it, less the settlement credit when the
 * payment takes up the offer (judged on the debtor's calendar day at `now`), and the "paid" reply
 * once the balance is settled. Throws CurrencyMismatchError for a payment in another currency.
 */
export function paymentEffect(
  record: Pick<CaseRecord, 'balance' | 'settlementOffer' | 'debtor'>,
  payment: { paymentId: string; amount: Money },
  now: Date,
): PaymentEffect {
  const afterPayment = subtract(record.balance, payment.amount);
  const credit = settlementCredit(
    record.settlementOffer,
    afterPayment,
    localDate(now, record.debtor.timeZone),
  );
  const balance = credit ? subtract(afterPayment, credit) : afterPayment;
  return {
    balance,
    ...(credit ? { credit } : {}),
    ...(isSettled(balance)
      ? { reply: { id: `payment-${payment.paymentId}`, outcome: 'paid', paymentId: payment.paymentId } }
      : {}),
  };
}
