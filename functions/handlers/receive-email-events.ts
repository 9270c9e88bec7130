import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoContactRecords } from '../adapters/dynamodb/contact-records.ts';
import { dynamoDebtorPreferences } from '../adapters/dynamodb/debtor-preferences.ts';
import { dynamoReplies } from '../adapters/dynamodb/replies.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import { SES_DETAIL_TYPES, SES_EVENT_TYPES, SesEventDetailSchema } from '../contract/ses-events.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { receiveEmailEvent } from '../use-cases/receive-email-event.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadFunctionConfig('receiveEmailEvents');
const ports = {
  store: {
    ...dynamoCases(config.TABLE_NAME),
    ...dynamoContactRecords(config.TABLE_NAME),
    ...dynamoReplies(config.TABLE_NAME),
  },
  workflow: sfnWorkflow(),
  // A complaint about a note before a due date stops the debtor's emails (issue 16).
  preferences: dynamoDebtorPreferences(config.TABLE_NAME),
};

/** The one detail schema under each detail-type SES gives its events on EventBridge. */
const detailSchema = Object.fromEntries(
  SES_EVENT_TYPES.map((type) => [SES_DETAIL_TYPES[type].detailType, SesEventDetailSchema]),
);

/**
 * SES's bounce, complaint, reject, delivery and delay events of the configuration set, from the
 * EmailEventsIntake queue: each recorded on its message and case once (use-cases/receive-email-event.ts).
 * An event that fails its schema is parked in the intake's dead-letter queue with the reason; an
 * event about a message we do not know is dropped.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SqsEventSchema))
  .handler((batch, context) =>
    processBillingBatch(batch, context, {
      detailSchema,
      deadLetterQueueUrl: config.EMAIL_EVENTS_DLQ_URL,
      handlerName: 'receive-email-events',
      handle: async (detail) => {
        await receiveEmailEvent(detail, ports);
      },
    }),
  );
