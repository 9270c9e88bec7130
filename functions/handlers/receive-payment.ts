import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { dynamoReplies } from '../adapters/dynamodb/replies.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import { PaymentReceivedDetailSchema } from '../contract/events.ts';
import { RejectedEventError } from '../shared/billing-batch.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { receivePayment } from '../use-cases/receive-payment.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadFunctionConfig('receivePayment');
// A partial payment's thanks goes through the outbox (the mail carrier sends it): no SES client here.
const store = {
  ...dynamoCases(config.TABLE_NAME),
  ...dynamoReplies(config.TABLE_NAME),
  ...dynamoOutbox(config.TABLE_NAME),
};
const ports = { store, workflow: sfnWorkflow() };

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
