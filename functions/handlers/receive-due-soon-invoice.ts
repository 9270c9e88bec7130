import middy from '@middy/core';
import { dynamoDebtorPreferences } from '../adapters/dynamodb/debtor-preferences.ts';
import { dynamoDueSoonNotes } from '../adapters/dynamodb/due-soon-notes.ts';
import { InvoiceDueSoonDetailSchema } from '../contract/events.ts';
import { RejectedEventError } from '../shared/billing-batch.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { policyClockOf } from '../shared/contact-decision.ts';
import { receiveDueSoonInvoice } from '../use-cases/due-soon-note.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadFunctionConfig('receiveDueSoonInvoice');
const ports = {
  notes: dynamoDueSoonNotes(config.TABLE_NAME),
  preferences: dynamoDebtorPreferences(config.TABLE_NAME),
};
const clock = policyClockOf(config);

/** Invoice Due Soon (issue 16): keeps the note before the due date; the mail carrier sends it when due. */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SqsEventSchema))
  .handler((batch, context) =>
    processBillingBatch(batch, context, {
      detailSchema: InvoiceDueSoonDetailSchema,
      deadLetterQueueUrl: config.INVOICE_DUE_SOON_DLQ_URL,
      handlerName: 'receive-due-soon-invoice',
      handle: async (detail) => {
        const result = await receiveDueSoonInvoice(detail, ports, { now: new Date(), clock });
        if (result.outcome === 'rejected') throw new RejectedEventError(result.reason);
      },
    }),
  );
