import middy from '@middy/core';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import { PaymentReceivedDetailSchema } from '../contract/events.ts';
import { RejectedEventError } from '../shared/billing-batch.ts';
import { gateMail } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { receivePayment } from '../use-cases/receive-payment.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadFunctionConfig('receivePayment');
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = { store, workflow: sfnWorkflow(), mail: gateMail(store, config) };

export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SqsEventSchema))
  .handler((batch, context) =>
    processBillingBatch(batch, context, {
      detailSchema: PaymentReceivedDetailSchema,
      deadLetterQueueUrl: config.PAYMENT_RECEIVED_DLQ_URL,
      handlerName: 'receive-payment',
      handle: async (detail) => {
        const result = await receivePayment(detail, ports, { now: new Date() });
        if (result.outcome === 'rejected') throw new RejectedEventError(result.reason);
      },
    }),
  );
