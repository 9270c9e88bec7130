import middy from '@middy/core';
import { PaymentReceivedDetailSchema } from '../contract/events.ts';
import { CurrencyMismatchError, isSettled } from '../domain/money.ts';
import { RejectedEventError } from '../shared/billing-batch.ts';
import { MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { deliverPendingReply } from '../shared/workflow.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadConfig({ ...MAILING_HANDLER_CONFIG, PAYMENT_RECEIVED_DLQ_URL: env.url });
const store = new CaseStore(config.TABLE_NAME);

export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SqsEventSchema))
  .handler((batch, context) =>
    processBillingBatch(batch, context, {
      detailSchema: PaymentReceivedDetailSchema,
      deadLetterQueueUrl: config.PAYMENT_RECEIVED_DLQ_URL,
      handlerName: 'receive-payment',
      handle: async (detail, eventId) => {
        let result: Awaited<ReturnType<CaseStore['applyPayment']>>;
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
