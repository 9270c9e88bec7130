import { randomUUID } from 'node:crypto';
import { NextBillingDetailType } from '../contract/billing-events-next.ts';
import { CaseDetailType } from '../contract/events.ts';
import { placedCaseChange } from '../domain/agency.ts';
import {
  applyChange,
  type CaseChange,
  cancelInvoice,
  pauseCollection,
  resolveDispute,
  resumeCollection,
} from '../domain/case-updates.ts';
import { CurrencyMismatchError } from '../domain/money.ts';
import { CaseChangedError, type Cases, type Outbox } from '../ports/case-store.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { forwardDetail } from './agency-forwards.ts';
import { queueFollowUp } from './follow-ups.ts';
import type { Rejected } from './receive-overdue-invoice.ts';
import { deliverPendingReply, type ReplyPorts } from './replies.ts';

/** A legal pause with no end date waits this many policy days for Collection Resumed. */
const OPEN_ENDED_PAUSE_DAYS = 365;
/** Times an update is judged afresh when the case changed under it; then SQS retries it later. */
const MAX_ATTEMPTS = 5;

export type CaseUpdatePorts = ReplyPorts & {
  store: Pick<Cases, 'activeCase' | 'recordAction'> & Pick<Outbox, 'putInOutbox'>;
};

/**
 * What each update is to the agency working a placed case (issue 14): a legal pause and its end are
 * both forwarded (the agency stops, then may go on); a dispute's resolution is not (a dispute recalls).
 */
const FORWARDED = {
  [NextBillingDetailType.invoiceCancelled]: 'invoice-cancelled',
  [NextBillingDetailType.collectionPaused]: 'legal-pause',
  [NextBillingDetailType.collectionResumed]: 'legal-pause-ended',
} as Readonly<Record<string, 'invoice-cancelled' | 'legal-pause' | 'legal-pause-ended'>>;

/** One of billing's case updates, as its schema left it (the detail-type says which). */
export type CaseUpdate = { accountId: string; caseId?: string } & Record<string, unknown>;

export type CaseUpdateOutcome = { outcome: 'no-open-case' | 'no-change' | 'updated' } | Rejected;

/**
 * Billing updates a case (a dispute resolved, an invoice cancelled, collection paused or resumed),
 * applied to the case as it is now: when something else changed it first (a debtor's action, a
 * payment), the case is read again and the update judged afresh, rather than failing the event
 * back to the queue with an error in the log.
 */
export async function receiveCaseUpdate(
  update: CaseUpdate,
  context: { eventId: string; detailType: string; daySeconds: number },
  ports: CaseUpdatePorts,
): Promise<CaseUpdateOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyUpdate(update, context, ports);
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function applyUpdate(
  detail: CaseUpdate,
  { eventId, detailType, daySeconds }: { eventId: string; detailType: string; daySeconds: number },
  ports: CaseUpdatePorts,
): Promise<CaseUpdateOutcome> {
  const { store } = ports;
  const record = await store.activeCase(
    detail.accountId,
    'caseId' in detail ? (detail.caseId as string | undefined) : undefined,
  );
  if (!record) {
    logger.info('Case update for an account with no open case');
    return { outcome: 'no-open-case' };
  }
  const now = new Date();
  const replyId = `${detailType.replaceAll(' ', '-').toLowerCase()}-${eventId || randomUUID()}`;
  let change: CaseChange | undefined;
  try {
    switch (detailType) {
      case NextBillingDetailType.disputeResolved:
        change = resolveDispute(
          record,
          detail as unknown as { outcome: 'upheld' | 'rejected'; note?: string; disputeId?: string },
          replyId,
        );
        break;
      case NextBillingDetailType.invoiceCancelled:
        change = cancelInvoice(record, detail as unknown as { invoiceId: string }, replyId);
        break;
      case NextBillingDetailType.collectionPaused:
        change = pauseCollection(record, detail as unknown as { reason: string; until?: string }, {
          now,
          daySeconds,
          replyId,
          openEndedDays: OPEN_ENDED_PAUSE_DAYS,
        });
        break;
      case NextBillingDetailType.collectionResumed:
        change = resumeCollection(record, { now, replyId });
        break;
    }
  } catch (error) {
    if (error instanceof CurrencyMismatchError)
      return { outcome: 'rejected', reason: `amountCredited.currency: ${error.message}` };
    throw error;
  }
  appendCorrelationIds({ caseId: record.caseId });
  if (!change) {
    logger.info('Case update changes nothing');
    return { outcome: 'no-change' };
  }
  // A case placed with an agency: forwarded to it (nothing owed, a recall), the workflow told only then.
  const placed = placedCaseChange(record, change, FORWARDED[detailType], now.toISOString());
  change = placed.change;
  const updated = await store.recordAction(record, change, {
    ...change.timeline,
    at: now.toISOString(),
  });
  if (placed.forward)
    await queueFollowUp(store, {
      caseId: record.caseId,
      key: `agency-${replyId}`,
      followUp: {
        type: 'event',
        detailType: CaseDetailType.caseForwardedToAgency,
        detail: forwardDetail(applyChange(record, change), placed.forward, replyId, now.toISOString()),
      },
      now,
    });
  logger.info('Case updated', { reply: change.reply?.outcome });
  await deliverPendingReply(ports, updated);
  return { outcome: 'updated' };
}
