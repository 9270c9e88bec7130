import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type * as z from 'zod';
import {
  CollectionPausedDetailSchema,
  CollectionResumedDetailSchema,
  DisputeResolvedDetailSchema,
  InvoiceCancelledDetailSchema,
  NextBillingDetailType,
} from '../contract/billing-events-next.ts';
import {
  type CaseChange,
  cancelInvoice,
  pauseCollection,
  resolveDispute,
  resumeCollection,
} from '../domain/case-updates.ts';
import { CurrencyMismatchError } from '../domain/money.ts';
import { RejectedEventError } from '../shared/billing-batch.ts';
import { CaseChangedError, CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { deliverPendingReply } from '../shared/workflow.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadConfig({
  TABLE_NAME: env.tableName,
  DAY_SECONDS: env.daySeconds,
  CASE_UPDATE_DLQ_URL: env.url,
});
const store = new CaseStore(config.TABLE_NAME);

/** A legal pause with no end date waits this many policy days for Collection Resumed. */
const OPEN_ENDED_PAUSE_DAYS = 365;
/** Times an update is judged afresh when the case changed under it; then SQS retries it later. */
const MAX_ATTEMPTS = 5;

const SCHEMAS = {
  [NextBillingDetailType.disputeResolved]: DisputeResolvedDetailSchema,
  [NextBillingDetailType.invoiceCancelled]: InvoiceCancelledDetailSchema,
  [NextBillingDetailType.collectionPaused]: CollectionPausedDetailSchema,
  [NextBillingDetailType.collectionResumed]: CollectionResumedDetailSchema,
};

export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SqsEventSchema))
  .handler((batch, context) =>
    processBillingBatch(batch, context, {
      detailSchema: SCHEMAS,
      deadLetterQueueUrl: config.CASE_UPDATE_DLQ_URL,
      handlerName: 'receive-case-update',
      handle: applyOnLatest,
    }),
  );

type UpdateDetail = z.infer<(typeof SCHEMAS)[keyof typeof SCHEMAS]>;

/**
 * Applies the update to the case as it is now: when something else changed it first (a debtor's
 * action, a payment), the case is read again and the update judged afresh, rather than failing
 * the event back to the queue with an error in the log.
 */
async function applyOnLatest(detail: UpdateDetail, eventId: string, detailType: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyUpdate(detail, eventId, detailType);
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function applyUpdate(detail: UpdateDetail, eventId: string, detailType: string): Promise<void> {
  const record = await store.activeCase(
    detail.accountId,
    'caseId' in detail ? (detail.caseId as string | undefined) : undefined,
  );
  if (!record) {
    logger.info('Case update for an account with no open case', { eventId, detailType });
    return;
  }
  const now = new Date();
  const replyId = `${detailType.replaceAll(' ', '-').toLowerCase()}-${eventId || randomUUID()}`;
  let change: CaseChange | undefined;
  try {
    switch (detailType) {
      case NextBillingDetailType.disputeResolved:
        change = resolveDispute(
          record,
          detail as { outcome: 'upheld' | 'rejected'; note?: string; disputeId?: string },
          replyId,
        );
        break;
      case NextBillingDetailType.invoiceCancelled:
        change = cancelInvoice(record, detail as { invoiceId: string }, replyId);
        break;
      case NextBillingDetailType.collectionPaused:
        change = pauseCollection(record, detail as { reason: string; until?: string }, {
          now,
          daySeconds: config.DAY_SECONDS,
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
      throw new RejectedEventError(`amountCredited.currency: ${error.message}`);
    throw error;
  }
  if (!change) {
    logger.info('Case update changes nothing', { eventId, caseId: record.caseId, detailType });
    return;
  }
  const updated = await store.recordAction(record, change, {
    ...change.timeline,
    at: now.toISOString(),
  });
  logger.info('Case updated', {
    eventId,
    caseId: record.caseId,
    detailType,
    reply: change.reply?.outcome,
  });
  await deliverPendingReply(store, updated);
}
