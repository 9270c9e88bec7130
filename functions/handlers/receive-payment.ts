import { parser } from '@aws-lambda-powertools/parser/middleware';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import middy from '@middy/core';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { PaymentReceivedDetailSchema } from '../contract/events.ts';
import { CurrencyMismatchError, isSettled } from '../domain/money.ts';
import type { PaymentOutcome } from '../ports/case-store.ts';
import { processBillingBatch, RejectedEventError } from '../shared/billing-batch.ts';
import { MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { env, loadConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { deliverPendingReply } from '../shared/workflow.ts';

const config = loadConfig({ ...MAILING_HANDLER_CONFIG, PAYMENT_RECEIVED_DLQ_URL: env.url });
const store = dynamoCaseStore(config.TABLE_NAME);

export const handler = middy()
  .use(parser({ schema: SqsSchema }))
  .handler((batch) =>
    processBillingBatch({
      batch,
      detailSchema: PaymentReceivedDetailSchema,
      deadLetterQueueUrl: config.PAYMENT_RECEIVED_DLQ_URL,
      handlerName: 'receive-payment',
      handle: async (detail, eventId) => {
        let result: PaymentOutcome;
        try {
          result = await store.applyPayment(detail, new Date());
        } catch (error) {
          if (error instanceof CurrencyMismatchError) {
            throw new RejectedEventError(
              `amount.currency: the open case is kept in another currency (${error.message})`,
            );
          }
          throw error;
        }
        if (result.outcome === 'no-open-case') {
          logger.info('Payment for an account with no open case', { eventId, paymentId: detail.paymentId });
          return;
        }
        const { record } = result;
        logger.info('Payment received', {
          eventId,
          caseId: record.caseId,
          paymentId: detail.paymentId,
          outcome: result.outcome,
        });
        // Also on a duplicate: the first delivery may have crashed before telling the workflow.
        await deliverPendingReply(store, record);
        if (record.status === 'open' && !isSettled(record.balance) && result.outcome === 'applied') {
          // A partial payment: thanked, the new balance stated; the case stays at its rung.
          await sendCaseEmail({
            store,
            config,
            record,
            kind: 'partialPaymentThanks',
            messageKey: `payment-${detail.paymentId}`,
            now: new Date(),
            extra: { partialPayment: { amount: detail.amount } },
          });
        }
      },
    }),
  );
