import type { PaymentReceivedDetail } from '../contract/events.ts';
import { forwardFor } from '../domain/agency.ts';
import { CurrencyMismatchError, isSettled } from '../domain/money.ts';
import type { Cases, Outbox, PaymentOutcome } from '../ports/case-store.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { forwardToAgency } from './agency-forwards.ts';
import { queueEmail } from './follow-ups.ts';
import type { Rejected } from './receive-overdue-invoice.ts';
import { deliverPendingReply, type ReplyPorts } from './replies.ts';

export type PaymentPorts = ReplyPorts & {
  store: Pick<Cases, 'applyPayment' | 'recordAction'> & Pick<Outbox, 'putInOutbox'>;
};

/**
 * A payment arrives: it lowers the open case's balance once (a settled case's workflow is told it
 * is paid); a partial payment is thanked with the new balance. A payment in another currency than
 * the open case's is rejected.
 */
export async function receivePayment(
  detail: PaymentReceivedDetail,
  ports: PaymentPorts,
  { now }: { now: Date },
): Promise<PaymentOutcome | Rejected> {
  let result: PaymentOutcome;
  try {
    result = await ports.store.applyPayment(detail, now);
  } catch (error) {
    if (error instanceof CurrencyMismatchError) {
      return {
        outcome: 'rejected',
        reason: `amount.currency: the open case is kept in another currency (${error.message})`,
      };
    }
    throw error;
  }
  if (result.outcome === 'no-open-case') {
    logger.info('Payment for an account with no open case', { paymentId: detail.paymentId });
    return result;
  }
  const { record } = result;
  appendCorrelationIds({ caseId: record.caseId });
  logger.info('Payment received', { paymentId: detail.paymentId, outcome: result.outcome });
  // A case with an agency (issue 14): the payment is forwarded; paid in full, the case is recalled
  // (the placement ends before the workflow hears it is paid). Only when applied: a repeat changes nothing.
  const forward =
    result.outcome === 'applied'
      ? forwardFor(record, { kind: 'payment', balanceAfter: record.balance, amount: detail.amount })
      : undefined;
  if (forward) await forwardToAgency(ports, record, forward, `payment-${detail.paymentId}`, now);
  // Also on a duplicate: the first delivery may have crashed before telling the workflow.
  await deliverPendingReply(ports, record);
  if (record.status === 'open' && !isSettled(record.balance) && result.outcome === 'applied') {
    // A partial payment: thanked, the new balance stated; the case stays at its rung. The thanks
    // goes through the outbox (due now) and the send gate, a moment later.
    await queueEmail(ports.store, {
      caseId: record.caseId,
      kind: 'partialPaymentThanks',
      messageKey: `payment-${detail.paymentId}`,
      now: new Date(),
      extra: { partialPayment: { amount: detail.amount } },
    });
  }
  return result;
}
